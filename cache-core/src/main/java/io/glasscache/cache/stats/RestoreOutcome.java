package io.glasscache.cache.stats;

/**
 * What became of a snapshot record at restore. Its {@link #tag()} is the metric label value.
 */
public enum RestoreOutcome {
    /** Put back into the cache. */
    RESTORED("restored"),
    /** CRC32C or framing did not check out, or the value did not decode. */
    CORRUPT("corrupt"),
    /** Cut short by the end of the file. */
    TRUNCATED("truncated"),
    /** Older than the maximum snapshot age. */
    TOO_OLD("too_old"),
    /** Written by an incompatible build (another schema id) or in an unknown format version. */
    INCOMPATIBLE("incompatible"),
    /** Valid, but the cache could not take it (key cap, store full, too large). */
    REJECTED("rejected");

    private final String tag;

    RestoreOutcome(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
