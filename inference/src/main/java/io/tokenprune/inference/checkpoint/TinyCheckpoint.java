package io.tokenprune.inference.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.inference.model.ConfigJson;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ProjectorConfig;
import io.tokenprune.inference.model.TensorSpec;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a randomly initialised model of any config in Hugging Face layout: config.json, one or
 * many safetensors shards (with model.safetensors.index.json), and, when the vocabulary has room,
 * the byte-level tokenizer and tokenizer_config.json. Values depend only on the seed and each
 * tensor's name, so the dtype and the sharding never change them (beyond F16/BF16 rounding).
 *
 * <p>Initialisation keeps activations O(1) so that tests comparing implementations are sensitive:
 * linear weights N(0, scale^2 / fan_in), norm weights 1 + N(0, 0.1^2), biases N(0, 0.1^2),
 * embeddings N(0, 1).
 *
 * <p>The LLaVA-style variant ({@link #visionProjector}) adds a vision projector in the original
 * LLaVA layout: config.json names the LLaVA architecture and carries {@code mm_hidden_size} and
 * {@code mm_projector_type}, and the weights hold {@code model.mm_projector.*} beside the
 * decoder's.
 *
 * <pre>{@code
 * TinyCheckpoint.of(config).seed(7).dtype(SafetensorsDtype.BF16).shards(3).write(dir);
 * TinyCheckpoint.of(config).visionProjector(ProjectorConfig.mlp2xGelu(16, 32)).write(llavaDir);
 * }</pre>
 */
public final class TinyCheckpoint {
  private final ModelConfig config;
  private long seed = 1;
  private SafetensorsDtype dtype = SafetensorsDtype.F32;
  private int shards = 1;
  private String chatTemplate;
  private double initScale = 1.0;
  private ProjectorConfig projector; // null: a plain decoder

  private TinyCheckpoint(ModelConfig config) {
    this.config = config;
  }

  public static TinyCheckpoint of(ModelConfig config) {
    return new TinyCheckpoint(config);
  }

  public TinyCheckpoint seed(long v) {
    seed = v;
    return this;
  }

  public TinyCheckpoint dtype(SafetensorsDtype v) {
    dtype = v;
    return this;
  }

  /** Number of shard files (1 writes a single model.safetensors and no index). */
  public TinyCheckpoint shards(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + v);
    }
    shards = v;
    return this;
  }

  /** A Jinja chat template for tokenizer_config.json, or null for none. */
  public TinyCheckpoint chatTemplate(String v) {
    chatTemplate = v;
    return this;
  }

  /** Multiplies the standard deviation of every linear weight. */
  public TinyCheckpoint initScale(double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException("initScale must be > 0, got " + v);
    }
    initScale = v;
    return this;
  }

  /**
   * Makes this a LLaVA-style checkpoint with the given projector (its output dim must be the
   * decoder's hidden size); null for a plain decoder.
   */
  public TinyCheckpoint visionProjector(ProjectorConfig v) {
    if (v != null && v.outputDim() != config.hiddenSize()) {
      throw new IllegalArgumentException(
          "projector output dim "
              + v.outputDim()
              + " must equal the decoder's hidden size "
              + config.hiddenSize());
    }
    projector = v;
    return this;
  }

  /** The tensors this checkpoint holds, in float32, before any narrowing to the stored dtype. */
  public List<TensorData> tensors() {
    List<TensorData> out = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>(TensorSpec.all(config));
    if (projector != null) {
      specs.addAll(projector.tensors());
    }
    for (TensorSpec spec : specs) {
      out.add(new TensorData(spec.name(), spec.shape(), values(spec), dtype));
    }
    return out;
  }

  /** Writes the folder (created if needed) and returns it. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ConfigJson.write(config, dir);
    if (projector != null) {
      writeLlavaConfig(dir.resolve("config.json"));
    }
    List<TensorData> tensors = tensors();
    if (shards == 1) {
      SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
    } else {
      writeSharded(dir, tensors);
    }
    if (config.vocabSize() >= ByteLevelTokenizer.VOCAB) {
      Files.writeString(dir.resolve("tokenizer.json"), ByteLevelTokenizer.tokenizerJson());
      Files.writeString(
          dir.resolve("tokenizer_config.json"),
          ByteLevelTokenizer.tokenizerConfigJson(chatTemplate, config.maxPositionEmbeddings()));
    }
    return dir;
  }

  /** Renames the architecture to its LLaVA name and adds the projector fields. */
  private void writeLlavaConfig(Path configJson) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(configJson.toFile());
    root.putArray("architectures").add(config.architecture().llavaName());
    root.put("model_type", config.architecture().llavaModelType());
    projector.writeInto(root);
    Files.writeString(configJson, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  private void writeSharded(Path dir, List<TensorData> tensors) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode index = json.createObjectNode();
    long total = 0;
    ObjectNode map = json.createObjectNode();
    int per = (tensors.size() + shards - 1) / shards;
    for (int s = 0; s < shards; s++) {
      List<TensorData> part =
          tensors.subList(
              Math.min(s * per, tensors.size()), Math.min((s + 1) * per, tensors.size()));
      String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
      SafetensorsWriter.write(dir.resolve(file), part);
      for (TensorData t : part) {
        map.put(t.name(), file);
        total += (long) t.values().length * t.dtype().bytes();
      }
    }
    index.putObject("metadata").put("total_size", total);
    index.set("weight_map", map);
    Files.writeString(
        dir.resolve("model.safetensors.index.json"),
        json.writerWithDefaultPrettyPrinter().writeValueAsString(index));
  }

  private float[] values(TensorSpec spec) {
    SplittableRandom random =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ spec.name().hashCode());
    long[] shape = spec.shape();
    float[] v = new float[Math.toIntExact(spec.elements())];
    String name = spec.name();
    if (name.endsWith("norm.weight")) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (1 + 0.1 * random.nextGaussian());
      }
    } else if (name.endsWith(".bias")) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (0.1 * random.nextGaussian());
      }
    } else {
      double std = name.equals(TensorSpec.EMBED) ? 1 : initScale / Math.sqrt(shape[1]);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (std * random.nextGaussian());
      }
    }
    return v;
  }
}
