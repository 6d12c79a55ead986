package io.glasscache.cache;

/** Which stored value a new one replaces once a key holds its maximum number of values. */
public enum ReplacementPolicy {
    /** A uniformly random one (the original design). */
    RANDOM,
    /** The oldest one, so the set always holds the most recent good responses (the default). */
    OLDEST
}
