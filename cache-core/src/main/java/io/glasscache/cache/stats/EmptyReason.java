package io.glasscache.cache.stats;

/**
 * Why the failover guard answered empty. Its {@link #tag()} is the metric label value.
 */
public enum EmptyReason {
    /** The primary failed and no last-good value was held. */
    ERROR("error"),
    /** The primary had not answered by the hard deadline and no last-good value was held. */
    DEADLINE("deadline"),
    /** The primary answered with nothing usable and no last-good value was held. */
    UNUSABLE("unusable");

    private final String tag;

    EmptyReason(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
