package io.glasscache.observability.mixin;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.glasscache.cache.stats.MetricNaming;

/**
 * The inputs of the generator, as a monitoring mixin's {@code _config}: the metric prefix, the Prometheus job label
 * values, extra label selectors (cluster, namespace...), the alert thresholds and the demo application's own names.
 * {@link #defaults()} is what is committed under {@code deploy/}.
 *
 * @param prefix               cache-core's meter prefix ({@code glasscache.metrics.prefix})
 * @param appJob               the job of the applications using cache-core (a regex, matched with {@code =~})
 * @param memcachedJob         the job of the memcached exporter (a regex)
 * @param selectors            extra matchers added to every selector, e.g. {@code cluster="eu-1"}; their label
 *                             names are kept by every recording rule and alert
 * @param memcachedServerLabel the exporter label naming the memcached server ({@code instance}, or
 *                             {@code memcached_instance} with the exporter's discovery): alerts about one memcached
 *                             copy it to {@code memcached_server}, as do the app's L2 alerts from their
 *                             {@code server} tag, so that Alertmanager can match them
 * @param l2BreakerName        the L2 circuit breaker's {@code name} tag ({@code glasscache.memcached.name})
 * @param runbookUrlPattern    each alert's {@code runbook_url}, {@code %s} being the alert name (default: relative to
 *                             the repository root; give your repository's URL for links that work in a chat)
 * @param demo                 names of the inference demo (the app job's own metrics)
 * @param thresholds           alert thresholds
 * @param timeScale            1 in production; N divides every {@code for}, range window and the evaluation interval
 *                             by N (test-only: diagnosis drills that take seconds, not minutes)
 */
public record MixinConfig(String prefix, String appJob, String memcachedJob, List<String> selectors,
                          String memcachedServerLabel, String l2BreakerName, String runbookUrlPattern, Demo demo,
                          Thresholds thresholds, int timeScale) {

    /** A label matcher as PromQL writes it: {@code name="value"}, {@code name=~"regex"}, != or !~. */
    static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public MixinConfig {
        MetricNaming.requirePrefix(prefix);
        requireNonBlank("appJob", appJob);
        requireNonBlank("memcachedJob", memcachedJob);
        selectors = List.copyOf(selectors);
        for (String selector : selectors) {
            Matcher m = MATCHER.matcher(selector);
            if (!m.matches()) {
                throw new IllegalArgumentException("a selector is a label matcher such as cluster=\"eu-1\": "
                        + selector);
            }
            if (List.of("job", "instance", "__name__").contains(m.group(1))) {
                throw new IllegalArgumentException("selectors may not constrain " + m.group(1)
                        + " (the jobs are inputs of their own): " + selector);
            }
        }
        if (!LABEL.matcher(memcachedServerLabel).matches()) {
            throw new IllegalArgumentException("not a label name: " + memcachedServerLabel);
        }
        requireNonBlank("l2BreakerName", l2BreakerName);
        if (!runbookUrlPattern.contains("%s")) {
            throw new IllegalArgumentException("runbookUrlPattern must contain %s (the alert name)");
        }
        if (timeScale < 1) {
            throw new IllegalArgumentException("timeScale must be >= 1");
        }
    }

    /** GlassCache's own setup: the demo, its memcached exporter, no extra selectors. */
    public static MixinConfig defaults() {
        return new MixinConfig(MetricNaming.DEFAULT_PREFIX, "inference-demo", "memcached", List.of(), "instance",
                "memcached", "docs/runbooks/%s.md", Demo.defaults(), Thresholds.defaults(), 1);
    }

    private static void requireNonBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** The label names the extra selectors constrain (kept by aggregations), in order. */
    public List<String> selectorLabels() {
        List<String> labels = new ArrayList<>();
        for (String selector : selectors) {
            Matcher m = MATCHER.matcher(selector);
            if (m.matches() && !labels.contains(m.group(1))) {
                labels.add(m.group(1));
            }
        }
        return labels;
    }

    /** {@code base} divided by {@link #timeScale}, as a PromQL duration ({@code 5m}, {@code 10s}, {@code 2500ms}). */
    public String window(Duration base) {
        long millis = base.toMillis();
        if (millis % timeScale != 0) {
            throw new IllegalArgumentException(base + " cannot be divided by the time scale " + timeScale);
        }
        return duration(millis / timeScale);
    }

    /** A duration in the largest PromQL unit that writes it exactly. */
    static String duration(long millis) {
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return (millis / sizes[i]) + units[i];
            }
        }
        throw new AssertionError();
    }

    public MixinConfig withPrefix(String value) {
        return Records.copy(this, "prefix", value);
    }

    public MixinConfig withJobs(String app, String memcached) {
        return Records.copy(Records.copy(this, "appJob", app), "memcachedJob", memcached);
    }

    public MixinConfig withSelectors(List<String> value) {
        return Records.copy(this, "selectors", value);
    }

    public MixinConfig withMemcachedServerLabel(String value) {
        return Records.copy(this, "memcachedServerLabel", value);
    }

    public MixinConfig withL2BreakerName(String value) {
        return Records.copy(this, "l2BreakerName", value);
    }

    public MixinConfig withRunbookUrlPattern(String value) {
        return Records.copy(this, "runbookUrlPattern", value);
    }

    public MixinConfig withDemo(Demo value) {
        return Records.copy(this, "demo", value);
    }

    public MixinConfig withThresholds(Thresholds value) {
        return Records.copy(this, "thresholds", value);
    }

    public MixinConfig withTimeScale(int value) {
        return Records.copy(this, "timeScale", value);
    }

    /**
     * The inference demo's names: its HTTP histogram, feature store, circuit breakers and caches.
     *
     * @param httpMetric              Spring's server histogram ({@code _bucket}, {@code _count} are added)
     * @param httpUri                 the recommendations endpoint's {@code uri} tag
     * @param featureStoreCalls       the feature store call counter
     * @param featureStoreSuccess     its {@code outcome} value for a successful call (anything else is an error)
     * @param featureStoreBreaker     the feature store circuit breaker's {@code name}
     * @param failoverCache           the failover cache answering screens (its {@code cache_name})
     * @param failoverGroups          its key groups (scenes)
     * @param tieredCaches            the tiered caches (their {@code cache_name}s); the first is read per user
     */
    public record Demo(String httpMetric, String httpUri, String featureStoreCalls, String featureStoreSuccess,
                       String featureStoreBreaker, String failoverCache, List<String> failoverGroups,
                       List<String> tieredCaches) {

        public Demo {
            failoverGroups = List.copyOf(failoverGroups);
            tieredCaches = List.copyOf(tieredCaches);
            if (tieredCaches.isEmpty() || failoverGroups.isEmpty()) {
                throw new IllegalArgumentException("the demo has tiered caches and failover groups");
            }
        }

        public static Demo defaults() {
            return new Demo("http_server_requests_seconds", "/api/v1/recommendations",
                    "demo_feature_store_calls_total", "success", "featureStore", "screens",
                    List.of("home", "video", "destination"), List.of("user_features", "item_features"));
        }

        /** This record with component {@code name} set from its text form (lists comma-separated). */
        public Demo with(String name, String value) {
            return Records.with(this, name, value);
        }
    }

    /**
     * Alert thresholds (ratios are 0..1).
     *
     * @param cacheMissRatio            HighCacheMissRate: share of a cache's gets that went to the source
     * @param cacheP99Seconds           HighP99CacheLatency: P99 of a cache's gets
     * @param memcachedEvictionsPerSec  HighMemcachedEvictions: items evicted per second by one memcached
     * @param l2SlowSeconds             HighL2Latency: an L2 operation slower than this (a bucket bound of the L2
     *                                  histogram) counts as slow
     * @param l2SlowRatio               HighL2Latency: share of a server's L2 operations slow, timed out or failed
     * @param circuitNotClosedRatio     CacheCircuitOpen: share of the window the L2 breaker was not closed
     * @param connectionsWarning        MemcachedConnectionLimitApproaching (warning): connections / maximum
     * @param connectionsCritical       MemcachedConnectionLimitApproaching (critical)
     * @param memcachedMemoryRatio      MemcachedMemoryNearLimit: bytes stored / memory limit
     * @param failoverDegradedRatio     FailoverServing: share of answers not from the primary path
     * @param snapshotMaxAgeSeconds     FailoverSnapshotStale: age of the last successful snapshot
     * @param sloLatencySeconds         InferenceLatencySLOBurn: the latency objective (a bucket bound)
     * @param sloObjective              InferenceLatencySLOBurn: share of requests within it (the error budget is
     *                                  the rest)
     * @param featureStoreErrorRatio    FeatureStoreErrors: share of feature store calls that failed
     */
    public record Thresholds(double cacheMissRatio, double cacheP99Seconds, double memcachedEvictionsPerSec,
                             double l2SlowSeconds, double l2SlowRatio, double circuitNotClosedRatio,
                             double connectionsWarning, double connectionsCritical, double memcachedMemoryRatio,
                             double failoverDegradedRatio, double snapshotMaxAgeSeconds, double sloLatencySeconds,
                             double sloObjective, double featureStoreErrorRatio) {

        public Thresholds {
            for (double ratio : new double[] {cacheMissRatio, l2SlowRatio, circuitNotClosedRatio,
                    connectionsWarning, connectionsCritical, memcachedMemoryRatio, failoverDegradedRatio,
                    sloObjective, featureStoreErrorRatio}) {
                if (!(ratio > 0 && ratio < 1)) {
                    throw new IllegalArgumentException("ratio thresholds are within (0, 1): " + ratio);
                }
            }
            if (!(connectionsWarning < connectionsCritical)) {
                throw new IllegalArgumentException("connectionsWarning must be below connectionsCritical");
            }
            for (double positive : new double[] {cacheP99Seconds, memcachedEvictionsPerSec, l2SlowSeconds,
                    snapshotMaxAgeSeconds, sloLatencySeconds}) {
                if (!(positive > 0)) {
                    throw new IllegalArgumentException("thresholds are positive: " + positive);
                }
            }
        }

        public static Thresholds defaults() {
            return new Thresholds(0.3, 0.1, 10, 0.01, 0.1, 0.1, 0.8, 0.95, 0.9, 0.05, 900, 0.05, 0.99, 0.05);
        }

        /** This record with component {@code name} set from its text form. */
        public Thresholds with(String name, String value) {
            return Records.with(this, name, value);
        }

        /** The component names, for help texts. */
        public static List<String> names() {
            return Arrays.stream(Thresholds.class.getRecordComponents()).map(RecordComponent::getName).toList();
        }
    }
}
