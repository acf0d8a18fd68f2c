package io.tokenprune.reducer.stream;

import io.tokenprune.schemas.policy.EffectivePolicy;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;

/** A running reducer instance: the topology on a KafkaStreams client. Close it to stop. */
public final class ReducerApp implements AutoCloseable {
  private final KafkaStreams streams;

  private ReducerApp(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * @param policies the live policy view's lookup (e.g. {@code PolicyView::resolve})
   */
  public static ReducerApp start(ReducerConfig config, Function<String, EffectivePolicy> policies) {
    KafkaStreams streams =
        new KafkaStreams(
            ReducerTopology.build(config, policies), ReducerTopology.streamsConfig(config));
    streams.start();
    return new ReducerApp(streams);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
