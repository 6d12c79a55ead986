package io.glasscache.observability.mixin;

import static io.glasscache.cache.stats.MetricNaming.CACHE_NAME;
import static io.glasscache.cache.stats.MetricNaming.OPERATION;
import static io.glasscache.cache.stats.MetricNaming.RUNG;
import static io.glasscache.cache.stats.MetricNaming.SERVER;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.observability.rules.RecordingRule;
import io.glasscache.observability.rules.RuleFile;
import io.glasscache.observability.rules.RuleGroup;

/**
 * GlassCache's recording rules: what the alerts and the dashboards' overview stats reuse, named
 * {@code level:metric:operations}. The level lists the labels kept: the extra selectors' labels, {@code job},
 * {@code instance} (per process; the SLO is per job) and the rule's own (e.g. {@code cache_name}). With a time scale
 * the windows shrink but the names keep their nominal window ({@code rate5m}), so that dashboards and alerts do not
 * change.
 */
final class Recordings {

    /** The nominal rate window of every non-SLO recording. */
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** The SLO windows of the multi-window, multi-burn-rate alerts, by their name suffix. */
    static final Map<String, Duration> SLO_WINDOWS = sloWindows();

    private final MixinConfig config;
    private final Metrics m;
    private final Scope app;
    private final Scope mc;
    private final String w;

    final String requests;
    final String hits;
    final String misses;
    final String getMissRatio;
    final String hitRatio;
    final String getP99;
    final String l2SlowRatio;
    final String breakerNotClosed;
    final String failoverAnswers;
    final String failoverDegradedRatio;
    final String featureStoreErrorRatio;
    final String memcachedEvictions;
    final String memcachedHitRatio;
    final String memcachedConnectionsRatio;
    final String memcachedMemoryRatio;
    final Map<String, String> sloSlowRatio = new LinkedHashMap<>();

    Recordings(MixinConfig config) {
        this.config = config;
        this.m = new Metrics(config.prefix());
        this.app = Scope.job(config.appJob(), config.selectors());
        this.mc = Scope.job(config.memcachedJob(), config.selectors());
        this.w = config.window(WINDOW);

        requests = name(instance(CACHE_NAME, OPERATION), Metrics.base(m.requests), "rate5m");
        hits = name(instance(CACHE_NAME, OPERATION), Metrics.base(m.hits), "rate5m");
        misses = name(instance(CACHE_NAME, OPERATION), Metrics.base(m.misses), "rate5m");
        getMissRatio = name(instance(CACHE_NAME), config.prefix().replace('.', '_') + "_get_misses_per_requests",
                "ratio_rate5m");
        hitRatio = name(instance(CACHE_NAME), config.prefix().replace('.', '_') + "_hits_per_lookups",
                "ratio_rate5m");
        getP99 = name(instance(CACHE_NAME), config.prefix().replace('.', '_') + "_get_latency_seconds", "p99_rate5m");
        l2SlowRatio = name(instance(SERVER), config.prefix().replace('.', '_') + "_l2_slow_or_failed_per_operations",
                "ratio_rate5m");
        breakerNotClosed = name(instance("name"), "resilience4j_circuitbreaker_not_closed", "avg5m");
        failoverAnswers = name(instance(CACHE_NAME, RUNG), Metrics.base(m.failoverAnswers), "rate5m");
        failoverDegradedRatio = name(instance(CACHE_NAME),
                config.prefix().replace('.', '_') + "_failover_degraded_per_answers", "ratio_rate5m");
        featureStoreErrorRatio = name(instance(), Metrics.base(config.demo().featureStoreCalls()) + "_failed_per_calls",
                "ratio_rate5m");
        memcachedEvictions = name(memcached(), Metrics.base(ExporterFamilies.ITEMS_EVICTED), "rate5m");
        memcachedHitRatio = name(memcached(), "memcached_get_hits_per_gets", "ratio_rate5m");
        memcachedConnectionsRatio = name(memcached(), "memcached_connections_per_max", "ratio");
        memcachedMemoryRatio = name(memcached(), "memcached_bytes_per_limit", "ratio");
        for (String window : SLO_WINDOWS.keySet()) {
            sloSlowRatio.put(window, name(service(), httpBase() + "_over_objective", "ratio_rate" + window));
        }
    }

    private static Map<String, Duration> sloWindows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("5m", Duration.ofMinutes(5));
        windows.put("30m", Duration.ofMinutes(30));
        windows.put("1h", Duration.ofHours(1));
        windows.put("2h", Duration.ofHours(2));
        windows.put("6h", Duration.ofHours(6));
        windows.put("1d", Duration.ofDays(1));
        windows.put("3d", Duration.ofDays(3));
        return windows;
    }

    private String httpBase() {
        String metric = config.demo().httpMetric();
        return metric.endsWith("_seconds") ? metric.substring(0, metric.length() - "_seconds".length()) : metric;
    }

    /** Labels of a per-process level: the selectors' labels, job, instance, then {@code more}. */
    List<String> instance(String... more) {
        List<String> labels = new ArrayList<>(config.selectorLabels());
        labels.add("job");
        labels.add("instance");
        labels.addAll(List.of(more));
        return labels;
    }

    /** Labels of a per-memcached level: as {@link #instance}, plus the server label when it is not instance. */
    List<String> memcached() {
        List<String> labels = instance();
        if (!labels.contains(config.memcachedServerLabel())) {
            labels.add(config.memcachedServerLabel());
        }
        return labels;
    }

    /** Labels of a per-service level: the selectors' labels and job. */
    List<String> service() {
        List<String> labels = new ArrayList<>(config.selectorLabels());
        labels.add("job");
        return labels;
    }

    private static String name(List<String> level, String metric, String operations) {
        return String.join("_", level) + ":" + metric + ":" + operations;
    }

    static String by(List<String> labels) {
        return "by (" + String.join(", ", labels) + ")";
    }

    private String sumRate(List<String> labels, String selector) {
        return sumRate(labels, selector, w);
    }

    private static String sumRate(List<String> labels, String selector, String window) {
        return "sum " + by(labels) + " (rate(" + selector + "[" + window + "]))";
    }

    RuleFile file() {
        String get = OPERATION + "=\"" + CacheOperation.GET.tag() + "\"";
        List<String> cache = instance(CACHE_NAME);
        List<RecordingRule> cacheRules = List.of(
                new RecordingRule(requests, sumRate(instance(CACHE_NAME, OPERATION), app.of(m.requests))),
                new RecordingRule(hits, sumRate(instance(CACHE_NAME, OPERATION), app.of(m.hits))),
                new RecordingRule(misses, sumRate(instance(CACHE_NAME, OPERATION), app.of(m.misses))),
                // The seed's miss rate with its precedence fixed: (requests - hits) / requests, over gets only
                // (a batch read counts calls in requests but keys in hits).
                new RecordingRule(getMissRatio, """
                        (
                            sum %1$s (%2$s{%4$s})
                          -
                            sum %1$s (%3$s{%4$s})
                        )
                        /
                          sum %1$s (%2$s{%4$s})""".formatted(by(cache), requests, hits, get)),
                new RecordingRule(hitRatio, """
                        sum %1$s (%2$s)
                        /
                        (
                            sum %1$s (%2$s)
                          + sum %1$s (%3$s)
                        )""".formatted(by(cache), hits, misses)),
                new RecordingRule(getP99, "histogram_quantile(0.99, " + sumRate(instance(CACHE_NAME, "le"),
                        app.of(Metrics.bucket(m.latency), get)) + ")"),
                new RecordingRule(l2SlowRatio, """
                        (
                            %1$s
                          + %2$s
                          - %3$s
                        )
                        /
                        (
                            %1$s
                          + %2$s
                        )""".formatted(sumRate(instance(SERVER), app.of(m.l2Errors)),
                        sumRate(instance(SERVER), app.of(Metrics.count(m.l2Latency))),
                        sumRate(instance(SERVER), app.of(Metrics.bucket(m.l2Latency),
                                "le=\"" + Metrics.le(config.thresholds().l2SlowSeconds()) + "\"")))),
                new RecordingRule(breakerNotClosed, "max " + by(instance("name")) + " (1 - avg_over_time("
                        + app.of(Metrics.BREAKER_STATE, "state=\"closed\"") + "[" + w + "]))"));

        List<RecordingRule> memcachedRules = List.of(
                new RecordingRule(memcachedEvictions, sumRate(memcached(), mc.of(ExporterFamilies.ITEMS_EVICTED))),
                new RecordingRule(memcachedHitRatio, """
                        %s
                        /
                        %s""".formatted(
                        sumRate(memcached(), mc.of(ExporterFamilies.COMMANDS, "command=\"get\"", "status=\"hit\"")),
                        sumRate(memcached(), mc.of(ExporterFamilies.COMMANDS, "command=\"get\"",
                                "status=~\"hit|miss\"")))),
                new RecordingRule(memcachedConnectionsRatio, "max " + by(memcached()) + " ("
                        + mc.of(ExporterFamilies.CURRENT_CONNECTIONS) + ")\n/\nmax " + by(memcached()) + " ("
                        + mc.of(ExporterFamilies.MAX_CONNECTIONS) + ")"),
                new RecordingRule(memcachedMemoryRatio, "max " + by(memcached()) + " ("
                        + mc.of(ExporterFamilies.CURRENT_BYTES) + ")\n/\nmax " + by(memcached()) + " ("
                        + mc.of(ExporterFamilies.LIMIT_BYTES) + ")"));

        String primary = RUNG + "!=\"" + AnswerRung.PRIMARY.tag() + "\"";
        List<RecordingRule> failoverRules = List.of(
                new RecordingRule(failoverAnswers, sumRate(instance(CACHE_NAME, RUNG), app.of(m.failoverAnswers))),
                new RecordingRule(failoverDegradedRatio, """
                        sum %1$s (%2$s{%3$s})
                        /
                        sum %1$s (%2$s)""".formatted(by(cache), failoverAnswers, primary)));

        MixinConfig.Demo demo = config.demo();
        List<RecordingRule> inferenceRules = new ArrayList<>();
        inferenceRules.add(new RecordingRule(featureStoreErrorRatio, """
                %s
                /
                %s""".formatted(
                sumRate(instance(), app.of(demo.featureStoreCalls(), "outcome!=\"" + demo.featureStoreSuccess()
                        + "\"")),
                sumRate(instance(), app.of(demo.featureStoreCalls())))));
        String uri = "uri=\"" + demo.httpUri() + "\"";
        String objective = "le=\"" + Metrics.le(config.thresholds().sloLatencySeconds()) + "\"";
        for (Map.Entry<String, String> slo : sloSlowRatio.entrySet()) {
            String window = config.window(SLO_WINDOWS.get(slo.getKey()));
            inferenceRules.add(new RecordingRule(slo.getValue(), """
                    1 - (
                        %s
                      /
                        %s
                    )""".formatted(
                    sumRate(service(), app.of(Metrics.bucket(demo.httpMetric()), uri, objective), window),
                    sumRate(service(), app.of(Metrics.count(demo.httpMetric()), uri), window))));
        }

        String interval = config.timeScale() > 1 ? config.window(Duration.ofSeconds(30)) : null;
        return new RuleFile(List.of(
                new RuleGroup("glasscache-feature-cache.recording", interval, new ArrayList<>(cacheRules)),
                new RuleGroup("glasscache-memcached.recording", interval, new ArrayList<>(memcachedRules)),
                new RuleGroup("glasscache-failover.recording", interval, new ArrayList<>(failoverRules)),
                new RuleGroup("glasscache-inference.recording", interval, new ArrayList<>(inferenceRules))));
    }
}
