package io.tokenprune.reducer.stream;

import io.tokenprune.schemas.policy.PolicyUpdate;
import io.tokenprune.schemas.policy.PolicyView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends every invalid record on the policy topic to the DLQ with its reason. The live view
 * (PolicyView, fed by its own consumer) ignores such records and keeps the last valid policy; this
 * processor is the one place that reports them, exactly once per record, because the policy topic
 * is consumed here as a normal partitioned source.
 */
final class PolicyValidator implements Processor<String, String, String, SpecificRecord> {
  private ProcessorContext<String, SpecificRecord> context;
  private Sensor rejections;

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.rejections =
        context
            .metrics()
            .addSensor("tokenprune.reducer.policy-rejections", Sensor.RecordingLevel.INFO);
    rejections.add(
        new MetricName(
            "policy-rejections-total",
            ReducerMetrics.GROUP,
            "invalid records on the policy topic, each sent to the DLQ",
            Map.of()),
        new CumulativeSum());
  }

  @Override
  public void process(Record<String, String> record) {
    String reason = problem(record.key(), record.value());
    if (reason != null) {
      rejections.record(1);
      byte[] payload =
          record.value() == null ? null : record.value().getBytes(StandardCharsets.UTF_8);
      context.forward(
          new Record<String, SpecificRecord>(
              record.key(), DeadLetters.of(context, reason, payload), record.timestamp()),
          ReducerTopology.DLQ_SINK);
    }
  }

  /**
   * Why the record is not a valid policy or tombstone, or null when it is fine: the same checks,
   * and the same words, as the live view applies (a scratch view sees only this record).
   */
  static String problem(String scope, String json) {
    if (new PolicyView().apply(scope, json) instanceof PolicyUpdate.Rejected r) {
      return "invalid policy for scope '" + scope + "': " + r.reason();
    }
    return null;
  }
}
