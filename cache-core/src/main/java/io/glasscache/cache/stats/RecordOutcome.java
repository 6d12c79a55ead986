package io.glasscache.cache.stats;

/**
 * What became of a value offered to a failover cache. Its {@link #tag()} is the metric label value.
 */
public enum RecordOutcome {
    /** Queued for the writer. */
    ACCEPTED("accepted"),
    /** Discarded: the write queue was full, or the cache closed. */
    DROPPED("dropped"),
    /** Written to the store. */
    STORED("stored"),
    /** Larger than the maximum entry size. */
    REJECTED_TOO_LARGE("rejected_too_large"),
    /** The store had no room. */
    REJECTED_STORE_FULL("rejected_store_full"),
    /** A new key while the cache held its maximum number of keys. */
    REJECTED_MAX_KEYS("rejected_max_keys"),
    /** The codec could not encode it. */
    REJECTED_ENCODE("rejected_encode");

    private final String tag;

    RecordOutcome(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
