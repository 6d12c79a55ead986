package io.glasscache.cache.stats;

/** Why a value past its freshness was served; its {@link #tag()} is the {@code reason} label value. */
public enum StaleReason {
    /** Stale-while-revalidate: served while one background load refreshes it. */
    REVALIDATE("revalidate"),
    /** Stale-if-error: the source failed or timed out and the last value was still held. */
    ERROR("error");

    private final String tag;

    StaleReason(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
