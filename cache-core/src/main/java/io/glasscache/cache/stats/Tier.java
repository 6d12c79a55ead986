package io.glasscache.cache.stats;

/**
 * Where an answer came from; its {@link #tag()} is the {@code tier} label value. {@link #ALL} labels writes and
 * invalidations, which touch every configured tier.
 */
public enum Tier {
    L1("l1"),
    L2("l2"),
    SOURCE("source"),
    ALL("all");

    private final String tag;

    Tier(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
