package io.glasscache.cache.stats;

/** A failover cache's live state, read by gauges. Every method is cheap, thread-safe and never throws. */
public interface FailoverState {

    /** Keys held. */
    long keys();

    /** Values held. */
    long entries();

    /** Records waiting in the write queue. */
    long queued();

    /** Store bytes in use. */
    long usedBytes();

    /** Store capacity in bytes. */
    long capacityBytes();

    /** {@code off_heap} or {@code heap}: the {@link MetricNaming#STORE} tag value. */
    String storeTag();

    /** Size of the last successful snapshot, in bytes (0 = none). */
    long lastSnapshotBytes();

    /** Records in the last successful snapshot. */
    long lastSnapshotRecords();

    /** When the last snapshot succeeded, epoch milliseconds (0 = never). */
    long lastSnapshotSuccessMillis();

    /** Age of the snapshot restored at start-up in milliseconds, or -1 if none was. */
    long restoredSnapshotAgeMillis();
}
