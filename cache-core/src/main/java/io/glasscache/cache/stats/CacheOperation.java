package io.glasscache.cache.stats;

/** A caller-facing operation of a tiered cache; its {@link #tag()} is the {@code operation} label value. */
public enum CacheOperation {
    GET("get"),
    GET_ALL("get_all"),
    PUT("put"),
    INVALIDATE("invalidate"),
    INVALIDATE_ALL("invalidate_all");

    private final String tag;

    CacheOperation(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
