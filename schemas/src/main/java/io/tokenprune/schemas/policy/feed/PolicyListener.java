package io.tokenprune.schemas.policy.feed;

import io.tokenprune.schemas.policy.PolicyUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hears what each {@code tp.policies} record did, after the view has applied it. It runs on the
 * reading thread, so it must be quick; the record gives the partition, offset and raw value a
 * DeadLetter needs for a {@link PolicyUpdate.Rejected}.
 */
@FunctionalInterface
public interface PolicyListener {
  /** A listener that does nothing. */
  PolicyListener NONE = (update, record) -> {};

  /**
   * @param update what the record did to the view
   * @param record the record as read: key and value may be null
   */
  void onUpdate(PolicyUpdate update, ConsumerRecord<String, String> record);
}
