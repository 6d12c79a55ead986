package io.glasscache.cache.stats;

/** Outcome of one source load; its {@link #tag()} is the {@code result} label value. */
public enum LoadResult {
    /** The loader returned a value. */
    SUCCESS("success"),
    /** The loader returned no value (null, or the key missing from a batch result). */
    NOT_FOUND("not_found"),
    /** The loader failed. */
    FAILURE("failure"),
    /** The loader did not answer within the load timeout. */
    TIMEOUT("timeout");

    private final String tag;

    LoadResult(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
