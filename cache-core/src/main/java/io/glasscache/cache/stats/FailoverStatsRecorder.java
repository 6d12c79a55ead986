package io.glasscache.cache.stats;

import java.util.function.LongSupplier;

/**
 * Receives the events of one failover cache and its guards (Micrometer's binding is
 * {@code io.glasscache.cache.micrometer.MicrometerStats}). Thread-safe and non-blocking. {@code group} values are a
 * failover key's group, which callers keep to a bounded set; a binding may bound them further. Every call is
 * guarded by the cache: an exception thrown here is caught, counted and logged, never breaks a read or a write.
 */
public interface FailoverStatsRecorder {

    /** One value offered to the cache ended with {@code outcome}. */
    void recordRecord(RecordOutcome outcome);

    /** One stored value failed to decode and was dropped. */
    void recordCorruptRead();

    /** One sample of a key of {@code group}: whether it found a value, and how long it took. */
    void recordSample(String group, boolean served, long nanos);

    /** The writer took {@code nanos} to encode and store one record. */
    void recordWrite(long nanos);

    /** One snapshot, successful or not, took {@code nanos}. */
    void recordSnapshot(boolean success, long nanos);

    /** {@code count} snapshot records were seen at restore with {@code outcome}. */
    void recordRestore(RestoreOutcome outcome, long count);

    /** The guard answered a request for a key of {@code group} from {@code rung}. */
    void recordAnswer(String group, AnswerRung rung);

    /** The guard answered empty for {@code reason} (besides {@link #recordAnswer} with {@link AnswerRung#EMPTY}). */
    void recordEmptyAnswer(String group, EmptyReason reason);

    /** A late primary answer ({@link AnswerRung#PRIMARY_LATE}) came {@code nanos} after the request started. */
    void recordLateAnswer(String group, long nanos);

    /** Called once with the cache's live state, for gauges. */
    default void bindState(FailoverState state) {
    }

    /** Called once with the count of calls into this recorder that threw, so that it can be reported. */
    default void bindRecorderFailures(LongSupplier failures) {
    }

    /** Called when the cache closes: a binding removes its meters. */
    default void close() {
    }
}
