package io.glasscache.cache.stats;

import java.util.regex.Pattern;

/**
 * How GlassCache's metrics are named: one configurable prefix for every meter, the tag keys, and the rules that
 * turn a meter into a Prometheus family name. The one place these live: the Micrometer binding registers its
 * meters from {@link CacheMetric} and {@link FailoverMetric}, and the observability module generates its
 * dashboards and alert rules from the same constants, so a rename breaks the build instead of a dashboard.
 */
public final class MetricNaming {

    /** The default meter name prefix; renders as {@code model_serving_feature_cache_*} in Prometheus. */
    public static final String DEFAULT_PREFIX = "model_serving.feature_cache";

    /** A prefix: dot-separated lower-case words (letters, digits, underscores), e.g. {@code ml.features}. */
    public static final String PREFIX_PATTERN = "[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*";

    /**
     * Names of caches, failover caches, L2 tiers and namespaces: they end up in tag values, file names and memcached
     * keys, so they stay short and plain.
     */
    public static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,64}";

    /** The cache's name (the seed's label; every GlassCache meter carries it, Caffeine's L1 meters included). */
    public static final String CACHE_NAME = "cache_name";
    /** A caller-facing {@link CacheOperation}, or an {@link L2Operation} on L2 meters. */
    public static final String OPERATION = "operation";
    /** The {@link Tier} that answered. */
    public static final String TIER = "tier";
    /** An {@link ErrorReason}, {@link StaleReason} or {@link EmptyReason}. */
    public static final String REASON = "reason";
    /** A {@link LoadResult}. */
    public static final String RESULT = "result";
    /** A memcached server of the L2 ring as configured ({@code host:port}): bounded by configuration. */
    public static final String SERVER = "server";
    /** A failover key's group (a business scene), bounded by the binding; never a segment or a user. */
    public static final String GROUP = "group";
    /** An {@link AnswerRung} of the failover guard's degradation ladder. */
    public static final String RUNG = "rung";
    /** A {@link RecordOutcome}, {@link RestoreOutcome} or a snapshot's {@code success}/{@code failure}. */
    public static final String OUTCOME = "outcome";
    /** The failover store in use: {@code off_heap} or {@code heap}. */
    public static final String STORE = "store";

    /** Group tag value of the groups seen after the binding's bound is reached. */
    public static final String OTHER_GROUP = "other";

    private static final Pattern PREFIX = Pattern.compile(PREFIX_PATTERN);
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    private MetricNaming() {
    }

    /** What kind of meter a metric is, which decides its Prometheus suffix. */
    public enum Kind {
        /** A monotonic count: {@code <name>_total}. */
        COUNTER,
        /** A latency histogram in seconds: {@code <name>_seconds} with {@code _bucket}, {@code _count}, {@code _sum}. */
        TIMER,
        /** A value now: {@code <name>}, plus {@code _bytes} or {@code _seconds} when it has that base unit. */
        GAUGE
    }

    /** Returns {@code prefix} if it matches {@link #PREFIX_PATTERN}, else throws. */
    public static String requirePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("metrics prefix must match " + PREFIX_PATTERN + ", got: " + prefix);
        }
        return prefix;
    }

    /** Returns {@code value} if it matches {@link #NAME_PATTERN}, else throws naming {@code what}. */
    public static String requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of [A-Za-z0-9_.-], got: " + value);
        }
        return value;
    }

    /** The Prometheus family name of a meter called {@code meterName}, as Micrometer's Prometheus registry writes it. */
    static String prometheusName(String meterName, Kind kind, String baseUnit) {
        String name = meterName.replace('.', '_');
        return switch (kind) {
            case COUNTER -> name + "_total";
            case TIMER -> name + "_seconds";
            case GAUGE -> baseUnit == null ? name : name + "_" + baseUnit;
        };
    }
}
