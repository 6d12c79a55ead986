package io.glasscache.observability.mixin;

import static io.glasscache.cache.stats.MetricNaming.CACHE_NAME;
import static io.glasscache.cache.stats.MetricNaming.GROUP;
import static io.glasscache.cache.stats.MetricNaming.OPERATION;
import static io.glasscache.cache.stats.MetricNaming.REASON;
import static io.glasscache.cache.stats.MetricNaming.RUNG;
import static io.glasscache.cache.stats.MetricNaming.SERVER;
import static io.glasscache.cache.stats.MetricNaming.TIER;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.Tier;
import io.glasscache.observability.rules.AlertTemplates;
import io.glasscache.observability.rules.AlertingRule;
import io.glasscache.observability.rules.RuleFile;
import io.glasscache.observability.rules.RuleTestFile;
import io.glasscache.observability.rules.RuleTestFile.AlertTest;
import io.glasscache.observability.rules.RuleTestFile.ExpectedAlert;
import io.glasscache.observability.rules.RuleTestFile.ExprTest;
import io.glasscache.observability.rules.RuleTestFile.Sample;
import io.glasscache.observability.rules.RuleTestFile.Series;
import io.glasscache.observability.rules.RuleTestFile.TestGroup;

/**
 * promtool unit tests of the rules, derived from the configuration: for every alert a firing case and a quiet case
 * that feeds the alert's own series just under its threshold (never an absent series), and the value of every
 * recording rule. Expected values come from the scenario's inputs (what the rules should compute), expected
 * annotations from {@link AlertTemplates} (Go's formatting re-implemented), so that neither is read back from
 * Prometheus.
 */
final class RuleTests {

    /** cache-core's latency buckets, in seconds (MicrometerCacheStats): scenarios put observations in them. */
    static final double[] CACHE_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1};
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_:/.-]+");
    private static final String APP_INSTANCE = "app-1:8081";
    private static final String EXPORTER_INSTANCE = "mc-exporter-1:9150";
    private static final String DISCOVERED_SERVER = "10.0.0.7:11211";
    private static final String L2_SERVER = "cache-1:11211";
    private static final int STEPS = 60;
    /** Per-minute increments: multiples of 60 keep per-second rates exact. */
    private static final double BASE = 240;

    private final MixinConfig config;
    private final MixinConfig.Thresholds t;
    private final Recordings r;
    private final Metrics m;
    private final Map<String, AlertingRule> alerts = new LinkedHashMap<>();
    private final Map<String, List<AlertingRule>> alertsByName = new LinkedHashMap<>();
    private final String ruleFile;
    private final String recordingFile;

    RuleTests(MixinConfig config, Recordings recordings, RuleFile alertFile, String recordingFile, String ruleFile) {
        this.config = config;
        this.t = config.thresholds();
        this.r = recordings;
        this.m = new Metrics(config.prefix());
        this.recordingFile = recordingFile;
        this.ruleFile = ruleFile;
        for (AlertingRule alert : alertFile.alertingRules()) {
            alerts.put(alert.alert() + "/" + alert.severity(), alert);
            alertsByName.computeIfAbsent(alert.alert(), k -> new ArrayList<>()).add(alert);
        }
    }

    // ---- labels ----

    /** The selectors' labels with values that satisfy them (literal values of = and =~ matchers). */
    private Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String selector : config.selectors()) {
            Matcher matcher = MixinConfig.MATCHER.matcher(selector);
            if (!matcher.matches()) {
                throw new IllegalStateException(selector);
            }
            String op = matcher.group(2);
            if (op.equals("=") || op.equals("=~")) {
                labels.put(matcher.group(1), literal(selector, matcher.group(3)));
            }
        }
        return labels;
    }

    private static String literal(String what, String value) {
        if (!LITERAL.matcher(value).matches()) {
            throw new IllegalArgumentException("cannot write unit tests for " + what + ": give a literal value "
                    + "(the tests need a label value that matches it)");
        }
        return value;
    }

    private Map<String, String> appLabels() {
        Map<String, String> labels = selectorLabels();
        labels.put("job", literal("app job " + config.appJob(), config.appJob()));
        labels.put("instance", APP_INSTANCE);
        return labels;
    }

    private Map<String, String> serviceLabels() {
        Map<String, String> labels = selectorLabels();
        labels.put("job", literal("app job " + config.appJob(), config.appJob()));
        return labels;
    }

    private Map<String, String> memcachedLabels() {
        Map<String, String> labels = selectorLabels();
        labels.put("job", literal("memcached job " + config.memcachedJob(), config.memcachedJob()));
        labels.put("instance", EXPORTER_INSTANCE);
        if (!config.memcachedServerLabel().equals("instance")) {
            labels.put(config.memcachedServerLabel(), DISCOVERED_SERVER);
        }
        return labels;
    }

    private static Map<String, String> with(Map<String, String> labels, String... pairs) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }

    private static String series(String metric, Map<String, String> labels) {
        return metric + labelSet(labels);
    }

    private static String labelSet(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** A counter growing by {@code perMinute} every minute. */
    private static Series counter(String metric, Map<String, String> labels, double perMinute) {
        return new Series(series(metric, labels), "0+" + Alerts.plain(perMinute) + "x" + STEPS);
    }

    /** A gauge holding {@code value}. */
    private static Series gauge(String metric, Map<String, String> labels, double value) {
        return new Series(series(metric, labels), Alerts.plain(value) + "+0x" + STEPS);
    }

    // ---- expectations ----

    private ExpectedAlert expected(String name, String severity, Map<String, String> labels, double value) {
        AlertingRule alert = alerts.get(name + "/" + severity);
        if (alert == null) {
            throw new IllegalStateException("no alert " + name + "/" + severity);
        }
        TreeMap<String, String> expLabels = new TreeMap<>(labels);
        expLabels.putAll(alert.labels());
        TreeMap<String, String> annotations = new TreeMap<>();
        Map<String, String> templateLabels = new TreeMap<>(expLabels);
        alert.annotations().forEach((k, v) -> annotations.put(k, AlertTemplates.render(v, templateLabels, value)));
        return new ExpectedAlert(expLabels, annotations);
    }

    private AlertTest alertTest(String evalTime, String name, ExpectedAlert... expected) {
        return new AlertTest(evalTime, name, List.of(expected));
    }

    /** The recording's value, rounded to 1e-4 so that the comparison does not hang on the last bit of a double. */
    private static ExprTest recorded(String record, Map<String, String> labels, double value, String evalTime) {
        String matchers = labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(", "));
        return new ExprTest("round(\n  " + record + "{" + matchers + "}\n  * 10000\n)", evalTime,
                List.of(new Sample(labelSet(labels), Math.floor(value * 10000 + 0.5))));
    }

    /**
     * One situation fed to promtool: its input series, the alerts expected, the recording rules' values and other
     * expressions to check.
     */
    private record Scenario(String name, boolean firing, List<Series> inputs, List<AlertTest> alertTests,
                            List<ExprTest> recordings, List<ExprTest> others) {
    }

    private static Scenario group(String name, List<Series> inputs, List<AlertTest> alertTests,
                                  List<ExprTest> recordings) {
        return new Scenario(name, !name.startsWith("quiet: "), inputs, alertTests, recordings, List.of());
    }

    /** The firing or the quiet case of one alert: expected with {@code value} in its annotations, or not at all. */
    private Scenario oneCase(boolean firing, String alert, String severity, Map<String, String> labels, double value,
                             String evalTime, List<Series> inputs, List<ExprTest> recordings) {
        return group((firing ? "firing: " : "quiet: ") + alert, inputs, List.of(firing
                ? alertTest(evalTime, alert, expected(alert, severity, labels, value))
                : alertTest(evalTime, alert)), recordings);
    }

    /** Go's histogram_quantile over buckets holding {@code perBucket} observations/s in the one bucket (lo, hi]. */
    static double quantile(double q, double lo, double hi, double perSecond) {
        double rank = q * perSecond;
        return lo + (hi - lo) * (rank / perSecond);
    }

    // ---- scenarios ----

    private List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(cacheMisses());
        all.addAll(cacheLatency());
        all.addAll(l2Latency());
        all.addAll(circuit());
        all.addAll(memcachedDown());
        all.addAll(exporterDown());
        all.addAll(evictions());
        all.addAll(connections());
        all.addAll(outOfMemory());
        all.addAll(memory());
        all.addAll(exporterErrors());
        all.addAll(failover());
        all.addAll(snapshot());
        all.addAll(sloBurn());
        all.addAll(featureStore());
        return all;
    }

    /** Every alert firing and quiet (both rule files loaded: alerts read recorded series). */
    RuleTestFile alertTests() {
        List<TestGroup> groups = scenarios().stream()
                .map(s -> new TestGroup(s.name(), "1m", s.inputs(), s.alertTests(), s.others()))
                .toList();
        return new RuleTestFile(List.of(recordingFile, ruleFile), "1m", groups);
    }

    /** The value of every recording rule, from the firing scenarios' inputs. */
    RuleTestFile recordingTests() {
        List<TestGroup> groups = scenarios().stream()
                .filter(s -> s.firing() && !s.recordings().isEmpty())
                .map(s -> new TestGroup(s.name().replaceFirst("^firing: ", "inputs of "), "1m", s.inputs(),
                        List.of(), s.recordings()))
                .toList();
        return new RuleTestFile(List.of(recordingFile), "1m", groups);
    }

    private List<Scenario> cacheMisses() {
        List<Scenario> groups = new ArrayList<>();
        String cache = config.demo().tieredCaches().get(0);
        Map<String, String> labels = with(appLabels(), CACHE_NAME, cache);
        for (boolean firing : new boolean[] {true, false}) {
            double miss = firing ? 0.5 : t.cacheMissRatio() * 0.9;
            double hitsPerMinute = BASE * (1 - miss);
            List<Series> in = List.of(
                    counter(m.requests, with(labels, OPERATION, CacheOperation.GET.tag()), BASE),
                    counter(m.hits, with(labels, OPERATION, CacheOperation.GET.tag(), TIER, Tier.L1.tag()),
                            hitsPerMinute * 0.75),
                    counter(m.hits, with(labels, OPERATION, CacheOperation.GET.tag(), TIER, Tier.L2.tag()),
                            hitsPerMinute * 0.25),
                    counter(m.misses, with(labels, OPERATION, CacheOperation.GET.tag()), BASE - hitsPerMinute),
                    // A batch read counts one request per call and one hit per key: it must not move the get ratio.
                    counter(m.requests, with(labels, OPERATION, CacheOperation.GET_ALL.tag()), 60),
                    counter(m.hits, with(labels, OPERATION, CacheOperation.GET_ALL.tag(), TIER, Tier.L1.tag()), 60));
            String eval = "15m";
            List<ExprTest> exprs = new ArrayList<>();
            double getRate = BASE / 60;
            double hitRate = hitsPerMinute / 60;
            exprs.add(recorded(r.requests, with(labels, OPERATION, CacheOperation.GET.tag()), getRate, eval));
            exprs.add(recorded(r.hits, with(labels, OPERATION, CacheOperation.GET.tag()), hitRate, eval));
            exprs.add(recorded(r.misses, with(labels, OPERATION, CacheOperation.GET.tag()), getRate - hitRate, eval));
            exprs.add(recorded(r.getMissRatio, labels, miss, eval));
            double keyHits = hitRate + 1;
            exprs.add(recorded(r.hitRatio, labels, keyHits / (keyHits + (getRate - hitRate)), eval));
            List<ExprTest> others = new ArrayList<>();
            List<AlertTest> tests = new ArrayList<>();
            tests.add(firing
                    ? alertTest(eval, Alerts.HIGH_CACHE_MISS_RATE,
                            expected(Alerts.HIGH_CACHE_MISS_RATE, "warning", labels, miss))
                    : alertTest(eval, Alerts.HIGH_CACHE_MISS_RATE));
            if (!firing) {
                // The seed's expression, `requests - hits / requests > 0.3` (hits of every operation), fires here:
                // it subtracts the hit ratio from the request rate. Kept to show the precedence bug the alert fixes.
                String requests = Scope.job(config.appJob(), config.selectors())
                        .of(m.requests, CACHE_NAME + "=\"" + cache + "\"", OPERATION + "=\"get\"");
                String hits = Scope.job(config.appJob(), config.selectors()).of(m.hits, CACHE_NAME + "=\"" + cache
                        + "\"");
                String seed = "sum(rate(" + requests + "[5m]))\n  - sum(rate(" + hits + "[5m]))\n  / sum(rate("
                        + requests + "[5m]))\n  > 0.3";
                double seedValue = getRate - keyHits / getRate;
                others.add(new ExprTest("round(1000 * (\n  " + seed + "\n))", eval,
                        List.of(new Sample("{}", Math.floor(seedValue * 1000 + 0.5)))));
            }
            groups.add(new Scenario((firing ? "firing: " : "quiet: ") + Alerts.HIGH_CACHE_MISS_RATE, firing, in,
                    tests, exprs, others));
        }
        return groups;
    }

    private List<Scenario> cacheLatency() {
        List<Scenario> groups = new ArrayList<>();
        String cache = config.demo().tieredCaches().get(0);
        Map<String, String> labels = with(appLabels(), CACHE_NAME, cache);
        double threshold = t.cacheP99Seconds();
        for (boolean firing : new boolean[] {true, false}) {
            // Every observation in one bucket: firing, the first bucket above the threshold; quiet, the last bucket
            // at or under it, so the P99 lands just under the threshold.
            int index = -1;
            for (int i = 0; i < CACHE_BUCKETS.length; i++) {
                if (firing ? CACHE_BUCKETS[i] > threshold && (i == 0 || CACHE_BUCKETS[i - 1] >= threshold)
                        : CACHE_BUCKETS[i] <= threshold) {
                    index = i;
                    if (firing) {
                        break;
                    }
                }
            }
            if (index < 1) {
                throw new IllegalArgumentException("cacheP99Seconds " + threshold + " must lie between cache-core's"
                        + " latency buckets for the unit tests");
            }
            List<Series> in = new ArrayList<>();
            for (int i = 0; i < CACHE_BUCKETS.length; i++) {
                in.add(counter(Metrics.bucket(m.latency), with(labels, OPERATION, CacheOperation.GET.tag(), TIER,
                        Tier.SOURCE.tag(), "le", Metrics.le(CACHE_BUCKETS[i])), i >= index ? BASE : 0));
            }
            in.add(counter(Metrics.bucket(m.latency), with(labels, OPERATION, CacheOperation.GET.tag(), TIER,
                    Tier.SOURCE.tag(), "le", "+Inf"), BASE));
            double p99 = quantile(0.99, CACHE_BUCKETS[index - 1], CACHE_BUCKETS[index], BASE / 60);
            String eval = "10m";
            groups.add(oneCase(firing, Alerts.HIGH_P99_CACHE_LATENCY, "critical", labels, p99, eval, in,
                    List.of(recorded(r.getP99, labels, p99, eval))));
        }
        return groups;
    }

    private List<Scenario> l2Latency() {
        List<Scenario> groups = new ArrayList<>();
        Map<String, String> server = with(appLabels(), SERVER, L2_SERVER);
        Map<String, String> perCache = with(server, CACHE_NAME, config.demo().tieredCaches().get(0), OPERATION,
                "get");
        for (boolean firing : new boolean[] {true, false}) {
            double slow = firing ? 0.5 : t.l2SlowRatio() * 0.9;
            // Firing: a third of the operations time out and some of the rest are slow; quiet: only slow ones.
            double timeouts = firing ? BASE / 4 : 0;
            double succeeded = BASE - timeouts;
            double fast = BASE * (1 - slow);
            List<Series> in = List.of(
                    counter(Metrics.count(m.l2Latency), perCache, succeeded),
                    counter(Metrics.bucket(m.l2Latency), with(perCache, "le", Metrics.le(t.l2SlowSeconds())), fast),
                    counter(m.l2Errors, with(perCache, REASON, ErrorReason.L2_TIMEOUT.tag()), timeouts),
                    counter(m.l2Errors, with(perCache, REASON, ErrorReason.L2_ERROR.tag()), 0));
            String eval = "15m";
            Map<String, String> alertLabels = with(server, Alerts.MEMCACHED_SERVER, L2_SERVER);
            groups.add(oneCase(firing, Alerts.HIGH_L2_LATENCY, "warning", alertLabels, slow, eval, in,
                    List.of(recorded(r.l2SlowRatio, server, slow, eval))));
        }
        return groups;
    }

    private List<Scenario> circuit() {
        List<Scenario> groups = new ArrayList<>();
        Map<String, String> breaker = with(appLabels(), "name", config.l2BreakerName());
        for (boolean firing : new boolean[] {true, false}) {
            double notClosed = firing ? 1 : t.circuitNotClosedRatio() * 0.9;
            List<Series> in = List.of(
                    gauge(Metrics.BREAKER_STATE, with(breaker, "state", "closed"), 1 - notClosed),
                    gauge(Metrics.BREAKER_STATE, with(breaker, "state", "open"), notClosed));
            String eval = "10m";
            groups.add(oneCase(firing, Alerts.CACHE_CIRCUIT_OPEN, "warning", breaker, notClosed, eval, in,
                    List.of(recorded(r.breakerNotClosed, breaker, notClosed, eval))));
        }
        return groups;
    }

    private String memcachedServer() {
        return memcachedLabels().get(config.memcachedServerLabel());
    }

    private Map<String, String> memcachedAlertLabels() {
        return with(memcachedLabels(), Alerts.MEMCACHED_SERVER, memcachedServer());
    }

    private List<Scenario> memcachedDown() {
        List<Scenario> groups = new ArrayList<>();
        for (boolean firing : new boolean[] {true, false}) {
            List<Series> in = List.of(gauge(ExporterFamilies.UP, memcachedLabels(), firing ? 0 : 1));
            groups.add(oneCase(firing, Alerts.MEMCACHED_DOWN, "critical", memcachedAlertLabels(), 0, "15m", in,
                    List.of()));
        }
        return groups;
    }

    private List<Scenario> exporterDown() {
        List<Scenario> groups = new ArrayList<>();
        Map<String, String> target = selectorLabels();
        target.put("job", memcachedLabels().get("job"));
        target.put("instance", EXPORTER_INSTANCE);
        for (boolean firing : new boolean[] {true, false}) {
            List<Series> in = List.of(gauge("up", target, firing ? 0 : 1));
            groups.add(oneCase(firing, Alerts.MEMCACHED_EXPORTER_DOWN, "warning", target, 0, "15m", in,
                    List.of()));
        }
        return groups;
    }

    private List<Scenario> evictions() {
        List<Scenario> groups = new ArrayList<>();
        for (boolean firing : new boolean[] {true, false}) {
            double perSecond = firing ? 2 * t.memcachedEvictionsPerSec() : 0.9 * t.memcachedEvictionsPerSec();
            double hits = BASE * 0.75;
            List<Series> in = List.of(
                    counter(ExporterFamilies.ITEMS_EVICTED, memcachedLabels(), perSecond * 60),
                    counter(ExporterFamilies.COMMANDS, with(memcachedLabels(), "command", "get", "status", "hit"),
                            hits),
                    counter(ExporterFamilies.COMMANDS, with(memcachedLabels(), "command", "get", "status", "miss"),
                            BASE - hits),
                    counter(ExporterFamilies.COMMANDS, with(memcachedLabels(), "command", "set", "status", "hit"),
                            BASE));
            String eval = "20m";
            groups.add(oneCase(firing, Alerts.HIGH_MEMCACHED_EVICTIONS, "critical", memcachedAlertLabels(), perSecond,
                    eval, in,
                    List.of(recorded(r.memcachedEvictions, memcachedLabels(), perSecond, eval),
                            recorded(r.memcachedHitRatio, memcachedLabels(), 0.75, eval))));
        }
        return groups;
    }

    private List<Scenario> connections() {
        List<Scenario> groups = new ArrayList<>();
        double max = 1000;
        // Firing: both severities; just under critical: only the warning; just under warning: none.
        double[] used = {Math.ceil(max * (1 + t.connectionsCritical()) / 2), Math.floor(max * t.connectionsCritical())
                - 1, Math.floor(max * t.connectionsWarning()) - 1};
        String[] names = {"firing: ", "quiet (critical), firing (warning): ", "quiet: "};
        for (int i = 0; i < used.length; i++) {
            double ratio = used[i] / max;
            List<Series> in = List.of(
                    gauge(ExporterFamilies.CURRENT_CONNECTIONS, memcachedLabels(), used[i]),
                    gauge(ExporterFamilies.MAX_CONNECTIONS, memcachedLabels(), max));
            List<ExpectedAlert> expected = new ArrayList<>();
            if (ratio > t.connectionsWarning()) {
                expected.add(expected(Alerts.CONNECTION_LIMIT, "warning", memcachedAlertLabels(), ratio));
            }
            if (ratio > t.connectionsCritical()) {
                expected.add(expected(Alerts.CONNECTION_LIMIT, "critical", memcachedAlertLabels(), ratio));
            }
            String eval = "15m";
            groups.add(group(names[i] + Alerts.CONNECTION_LIMIT, in,
                    List.of(new AlertTest(eval, Alerts.CONNECTION_LIMIT, expected)),
                    List.of(recorded(r.memcachedConnectionsRatio, memcachedLabels(), ratio, eval))));
        }
        return groups;
    }

    private List<Scenario> outOfMemory() {
        List<Scenario> groups = new ArrayList<>();
        for (boolean firing : new boolean[] {true, false}) {
            List<Series> in = List.of(counter(ExporterFamilies.ITEM_NO_MEMORY, memcachedLabels(), firing ? 60 : 0));
            groups.add(oneCase(firing, Alerts.OUT_OF_MEMORY, "warning", memcachedAlertLabels(), 1, "20m", in,
                    List.of()));
        }
        return groups;
    }

    private List<Scenario> memory() {
        List<Scenario> groups = new ArrayList<>();
        double limit = 64 * 1024 * 1024;
        for (boolean firing : new boolean[] {true, false}) {
            double used = firing ? Math.floor(limit * (1 + t.memcachedMemoryRatio()) / 2)
                    : Math.floor(limit * t.memcachedMemoryRatio()) - 1024;
            List<Series> in = List.of(
                    gauge(ExporterFamilies.CURRENT_BYTES, memcachedLabels(), used),
                    gauge(ExporterFamilies.LIMIT_BYTES, memcachedLabels(), limit));
            String eval = "20m";
            groups.add(oneCase(firing, Alerts.MEMORY_NEAR_LIMIT, "info", memcachedAlertLabels(), used / limit, eval, in,
                    List.of(recorded(r.memcachedMemoryRatio, memcachedLabels(), used / limit, eval))));
        }
        return groups;
    }

    private List<Scenario> exporterErrors() {
        List<Scenario> groups = new ArrayList<>();
        for (boolean firing : new boolean[] {true, false}) {
            List<Series> in = List.of(
                    counter(ExporterFamilies.PARSE_ERRORS, memcachedLabels(), firing ? 60 : 0),
                    // memcached answered: this alert is about the exporter, not MemcachedDown.
                    gauge(ExporterFamilies.UP, memcachedLabels(), 1));
            groups.add(group((firing ? "firing: " : "quiet: ") + Alerts.EXPORTER_SCRAPE_ERRORS, in,
                    List.of(firing ? alertTest("20m", Alerts.EXPORTER_SCRAPE_ERRORS,
                                    expected(Alerts.EXPORTER_SCRAPE_ERRORS, "warning", memcachedAlertLabels(), 1))
                                    : alertTest("20m", Alerts.EXPORTER_SCRAPE_ERRORS),
                            alertTest("20m", Alerts.MEMCACHED_DOWN)), List.of()));
        }
        return groups;
    }

    private List<Scenario> failover() {
        List<Scenario> groups = new ArrayList<>();
        Map<String, String> cache = with(appLabels(), CACHE_NAME, config.demo().failoverCache());
        String group = config.demo().failoverGroups().get(0);
        for (boolean firing : new boolean[] {true, false}) {
            double degraded = firing ? 0.5 : t.failoverDegradedRatio() * 0.9;
            List<Series> in = List.of(
                    counter(m.failoverAnswers, with(cache, GROUP, group, RUNG, AnswerRung.PRIMARY.tag()),
                            BASE * (1 - degraded)),
                    counter(m.failoverAnswers, with(cache, GROUP, group, RUNG, AnswerRung.FAILOVER.tag()),
                            BASE * degraded),
                    counter(m.failoverAnswers, with(cache, GROUP, group, RUNG, AnswerRung.EMPTY.tag()), 0));
            String eval = "15m";
            groups.add(oneCase(firing, Alerts.FAILOVER_SERVING, "warning", cache, degraded, eval, in,
                    List.of(recorded(r.failoverAnswers, with(cache, RUNG, AnswerRung.FAILOVER.tag()),
                                    BASE * degraded / 60, eval),
                            recorded(r.failoverDegradedRatio, cache, degraded, eval))));
        }
        return groups;
    }

    private List<Scenario> snapshot() {
        List<Scenario> groups = new ArrayList<>();
        Map<String, String> cache = with(appLabels(), CACHE_NAME, config.demo().failoverCache());
        long evalSeconds = 30 * 60;
        for (boolean firing : new boolean[] {true, false}) {
            // Firing: the last success stays at minute 1. Quiet: snapshots succeed every minute, and the last one is
            // always a little under the threshold old.
            double lag = Math.floor(t.snapshotMaxAgeSeconds() * 0.9);
            Series in = firing ? gauge(m.snapshotLastSuccess, cache, 60)
                    : new Series(series(m.snapshotLastSuccess, cache), Alerts.plain(-lag) + "+60x" + STEPS);
            double age = firing ? evalSeconds - 60 : lag;
            groups.add(group((firing ? "firing: " : "quiet: ") + Alerts.SNAPSHOT_STALE, List.of(in),
                    List.of(firing ? alertTest("30m", Alerts.SNAPSHOT_STALE,
                            expected(Alerts.SNAPSHOT_STALE, "warning", cache, age))
                            : alertTest("30m", Alerts.SNAPSHOT_STALE)), List.of()));
        }
        return groups;
    }

    private List<Scenario> sloBurn() {
        List<Scenario> groups = new ArrayList<>();
        double budget = 1 - t.sloObjective();
        // With a constant share of slow requests, each severity fires above its lowest burn rate.
        double fast = Alerts.FAST_BURN.stream().mapToDouble(Alerts.Burn::rate).min().orElseThrow() * budget;
        double slow = Alerts.SLOW_BURN.stream().mapToDouble(Alerts.Burn::rate).min().orElseThrow() * budget;
        Map<String, String> endpoint = with(appLabels(), "uri", config.demo().httpUri(), "method", "GET",
                "status", "200", "outcome", "SUCCESS");
        double[] shares = {0.5, 0.9 * fast, 0.9 * slow};
        String[] names = {"firing: ", "quiet (critical), firing (warning): ", "quiet: "};
        for (int i = 0; i < shares.length; i++) {
            double perMinute = 600;
            List<Series> in = List.of(
                    counter(Metrics.count(config.demo().httpMetric()), endpoint, perMinute),
                    counter(Metrics.bucket(config.demo().httpMetric()), with(endpoint, "le",
                            Metrics.le(t.sloLatencySeconds())), perMinute * (1 - shares[i])),
                    counter(Metrics.bucket(config.demo().httpMetric()), with(endpoint, "le", "+Inf"), perMinute));
            List<ExpectedAlert> expected = new ArrayList<>();
            if (shares[i] > fast) {
                expected.add(expected(Alerts.SLO_BURN, "critical", serviceLabels(), shares[i]));
            }
            if (shares[i] > slow) {
                expected.add(expected(Alerts.SLO_BURN, "warning", serviceLabels(), shares[i]));
            }
            String eval = "40m";
            List<ExprTest> exprs = new ArrayList<>();
            for (String record : r.sloSlowRatio.values()) {
                exprs.add(recorded(record, serviceLabels(), shares[i], eval));
            }
            groups.add(group(names[i] + Alerts.SLO_BURN, in, List.of(new AlertTest(eval, Alerts.SLO_BURN,
                    expected)), exprs));
        }
        return groups;
    }

    private List<Scenario> featureStore() {
        List<Scenario> groups = new ArrayList<>();
        String calls = config.demo().featureStoreCalls();
        for (boolean firing : new boolean[] {true, false}) {
            double failed = firing ? 0.5 : t.featureStoreErrorRatio() * 0.9;
            List<Series> in = List.of(
                    counter(calls, with(appLabels(), "operation", "user", "outcome",
                            config.demo().featureStoreSuccess()), BASE * (1 - failed)),
                    counter(calls, with(appLabels(), "operation", "any", "outcome", "error"), BASE * failed),
                    counter(calls, with(appLabels(), "operation", "any", "outcome", "rejected"), 0));
            String eval = "15m";
            groups.add(oneCase(firing, Alerts.FEATURE_STORE_ERRORS, "warning", appLabels(), failed, eval, in,
                    List.of(recorded(r.featureStoreErrorRatio, appLabels(), failed, eval))));
        }
        return groups;
    }

    /** Alert names each scenario covers (for the coverage test). */
    Map<String, List<AlertingRule>> alertsByName() {
        return alertsByName;
    }
}
