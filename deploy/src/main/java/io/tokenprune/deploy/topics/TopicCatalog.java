package io.tokenprune.deploy.topics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the declarative topic list ({@code deploy/topics.yaml}). */
public final class TopicCatalog {
  /** The copy of deploy/topics.yaml packaged in the jar. */
  public static final String BUNDLED = "/topics.yaml";

  private static final Set<String> TOPIC_FIELDS =
      Set.of("name", "partitions", "replicationFactor", "configs");

  private TopicCatalog() {}

  public static List<TopicSpec> bundled() {
    try (InputStream in = TopicCatalog.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("topics.yaml is missing from the classpath");
      }
      return parse(in.readAllBytes(), "bundled topics.yaml");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bundled topics.yaml", e);
    }
  }

  public static List<TopicSpec> read(Path file) throws IOException {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("topics file not found: " + file, e);
    }
  }

  /** Parses YAML of the form {@code topics: [{name, partitions, replicationFactor?, configs?}]}. */
  public static List<TopicSpec> parse(byte[] yaml, String source) {
    ObjectMapper mapper =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    JsonNode root;
    try {
      root = mapper.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null || !root.path("topics").isArray()) {
      throw new IllegalArgumentException(source + ": expected a top-level 'topics:' list");
    }
    List<TopicSpec> specs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode t : root.get("topics")) {
      for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!TOPIC_FIELDS.contains(f)) {
          throw new IllegalArgumentException(
              source + ": unknown field '" + f + "' in topic " + t.path("name").asText("?"));
        }
      }
      String name = t.path("name").asText("");
      if (!seen.add(name)) {
        throw new IllegalArgumentException(source + ": topic " + name + " is declared twice");
      }
      if (!t.path("partitions").canConvertToInt()) {
        throw new IllegalArgumentException(
            source + ": topic " + name + " needs integer partitions");
      }
      Optional<Short> rf =
          t.has("replicationFactor")
              ? Optional.of((short) t.get("replicationFactor").asInt())
              : Optional.empty();
      Map<String, String> configs = new LinkedHashMap<>();
      t.path("configs")
          .fields()
          .forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
      specs.add(new TopicSpec(name, t.get("partitions").asInt(), rf, configs));
    }
    return List.copyOf(specs);
  }
}
