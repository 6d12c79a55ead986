package io.glasscache.cache.stats;

/**
 * A rung of the failover guard's degradation ladder, tried in this order. Its {@link #tag()} is the metric label value.
 */
public enum AnswerRung {
    /** The primary answered within the budget (or said the user has exhausted the content). */
    PRIMARY("primary"),
    /** A last-good value of the exact key, because the primary failed, ran out of budget or was unusable. */
    FAILOVER("failover"),
    /** A last-good value of the key's parent (its group), because the exact key had none. */
    FAILOVER_PARENT("failover_parent"),
    /** The primary's answer, after the budget but before the hard deadline, because no last-good value was held. */
    PRIMARY_LATE("primary_late"),
    /** Nothing to serve; see {@link EmptyReason}. */
    EMPTY("empty");

    private final String tag;

    AnswerRung(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
