package io.tokenprune.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import io.tokenprune.inference.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The safetensors shards of a Hugging Face model folder: those named by {@code
 * model.safetensors.index.json} when present, else {@code model.safetensors}, else every {@code
 * *.safetensors} file in the folder.
 */
final class CheckpointFolder implements AutoCloseable {
  static final String INDEX = "model.safetensors.index.json";

  /** A tensor and the shard that holds it. */
  record Located(SafetensorsFile file, TensorInfo info) {}

  private final Path dir;
  private final Map<Path, SafetensorsFile> files;
  private final Map<String, SafetensorsFile> byTensor;

  private CheckpointFolder(
      Path dir, Map<Path, SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
    this.dir = dir;
    this.files = files;
    this.byTensor = byTensor;
  }

  static CheckpointFolder open(Path dir) throws IOException {
    Map<Path, SafetensorsFile> files = new LinkedHashMap<>();
    Map<String, SafetensorsFile> byTensor = new HashMap<>();
    try {
      Path index = dir.resolve(INDEX);
      if (Files.isRegularFile(index)) {
        JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        if (!map.isObject()) {
          throw new ModelFormatException(index + " has no weight_map object");
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
          Path shard = dir.resolve(e.getValue().asText());
          SafetensorsFile file = files.get(shard);
          if (file == null) {
            if (!Files.isRegularFile(shard)) {
              throw new ModelFormatException(
                  INDEX
                      + " maps "
                      + e.getKey()
                      + " to "
                      + shard.getFileName()
                      + ", which is missing");
            }
            file = SafetensorsFile.open(shard);
            files.put(shard, file);
          }
          byTensor.put(e.getKey(), file);
        }
      } else {
        for (Path shard : shards(dir)) {
          SafetensorsFile file = SafetensorsFile.open(shard);
          files.put(shard, file);
          for (String name : file.tensors().keySet()) {
            SafetensorsFile previous = byTensor.put(name, file);
            if (previous != null) {
              throw new ModelFormatException(
                  "tensor " + name + " is in both " + previous.path() + " and " + shard);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      for (SafetensorsFile f : files.values()) {
        f.close();
      }
      throw e;
    }
    return new CheckpointFolder(dir, files, byTensor);
  }

  private static List<Path> shards(Path dir) throws IOException {
    Path single = dir.resolve("model.safetensors");
    if (Files.isRegularFile(single)) {
      return List.of(single);
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
          .sorted()
          .forEach(found::add);
    }
    if (found.isEmpty()) {
      throw new ModelFormatException("no *.safetensors weights in " + dir);
    }
    return found;
  }

  Optional<Located> find(String tensor) {
    SafetensorsFile file = byTensor.get(tensor);
    if (file == null) {
      return Optional.empty();
    }
    TensorInfo info =
        file.tensor(tensor)
            .orElseThrow(
                () ->
                    new ModelFormatException(
                        INDEX + " maps " + tensor + " to " + file.path() + ", which lacks it"));
    return Optional.of(new Located(file, info));
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    for (SafetensorsFile f : files.values()) {
      f.close();
    }
  }
}
