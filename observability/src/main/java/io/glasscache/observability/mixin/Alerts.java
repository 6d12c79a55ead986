package io.glasscache.observability.mixin;

import static io.glasscache.cache.stats.MetricNaming.CACHE_NAME;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.glasscache.observability.rules.AlertingRule;
import io.glasscache.observability.rules.RuleFile;
import io.glasscache.observability.rules.RuleGroup;

/**
 * GlassCache's alerts. Each compares a probe (a recorded ratio or a raw expression) with a configured threshold,
 * carries {@code severity} (info, warning or critical), a one-sentence {@code summary}, a {@code description} with
 * the measured value, and a {@code runbook_url}. Alerts about one memcached server carry {@code memcached_server}
 * (from the exporter's server label, or from the app's L2 {@code server} tag), which Alertmanager's inhibition
 * matches on.
 *
 * <p>They are built to tell the seed's three causes apart: a miss flood (HighCacheMissRate without eviction or L2
 * alerts), a slow memcached node (HighL2Latency per server, CacheCircuitOpen) and a saturated one
 * (HighMemcachedEvictions, MemcachedMemoryNearLimit, MemcachedOutOfMemoryErrors); see docs/observability.md.
 */
final class Alerts {

    static final String SEVERITY = "severity";
    static final String MEMCACHED_SERVER = "memcached_server";

    /** The alert names, for Alertmanager's configuration and the runbooks. */
    static final String HIGH_CACHE_MISS_RATE = "HighCacheMissRate";
    static final String HIGH_P99_CACHE_LATENCY = "HighP99CacheLatency";
    static final String HIGH_L2_LATENCY = "HighL2Latency";
    static final String CACHE_CIRCUIT_OPEN = "CacheCircuitOpen";
    static final String HIGH_MEMCACHED_EVICTIONS = "HighMemcachedEvictions";
    static final String MEMCACHED_DOWN = "MemcachedDown";
    static final String MEMCACHED_EXPORTER_DOWN = "MemcachedExporterDown";
    static final String CONNECTION_LIMIT = "MemcachedConnectionLimitApproaching";
    static final String OUT_OF_MEMORY = "MemcachedOutOfMemoryErrors";
    static final String MEMORY_NEAR_LIMIT = "MemcachedMemoryNearLimit";
    static final String EXPORTER_SCRAPE_ERRORS = "ExporterScrapeErrors";
    static final String FAILOVER_SERVING = "FailoverServing";
    static final String SNAPSHOT_STALE = "FailoverSnapshotStale";
    static final String SLO_BURN = "InferenceLatencySLOBurn";
    static final String FEATURE_STORE_ERRORS = "FeatureStoreErrors";

    /** Multi-window, multi-burn-rate pairs (Google SRE workbook): long window, short window, burn rate. */
    record Burn(String longWindow, String shortWindow, double rate) {
    }

    static final List<Burn> FAST_BURN = List.of(new Burn("1h", "5m", 14.4), new Burn("6h", "30m", 6));
    static final List<Burn> SLOW_BURN = List.of(new Burn("1d", "2h", 3), new Burn("3d", "6h", 1));

    private final MixinConfig config;
    private final MixinConfig.Thresholds t;
    private final Recordings r;
    private final Metrics m;
    private final Scope app;
    private final Scope mc;

    Alerts(MixinConfig config, Recordings recordings) {
        this.config = config;
        this.t = config.thresholds();
        this.r = recordings;
        this.m = new Metrics(config.prefix());
        this.app = Scope.job(config.appJob(), config.selectors());
        this.mc = Scope.job(config.memcachedJob(), config.selectors());
    }

    /** A ratio as a percentage for texts: 0.3 -> 30%. */
    static String pct(double ratio) {
        return plain(ratio * 100) + "%";
    }

    /** A number as PromQL and texts write it: 0.3, 10 (no trailing zeros, no exponent). */
    static String plain(double value) {
        return new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    private String w() {
        return config.window(Recordings.WINDOW);
    }

    private String copyServer(String expr, String fromLabel) {
        return "label_replace(\n  " + expr.replace("\n", "\n  ") + ",\n  \"" + MEMCACHED_SERVER + "\", \"$1\", \""
                + fromLabel + "\", \"(.+)\"\n)";
    }

    private AlertingRule alert(String name, String severity, Duration forBase, String probe, String comparison,
                               String summary, String description) {
        return alert(name, severity, forBase, probe + " " + comparison, List.of(probe), summary, description);
    }

    private AlertingRule alert(String name, String severity, Duration forBase, String expr, List<String> probes,
                               String summary, String description) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", config.runbookUrlPattern().formatted(name));
        return new AlertingRule(name, expr, config.window(forBase), Map.of(SEVERITY, severity), annotations,
                probes);
    }

    RuleFile file() {
        String w = w();
        List<AlertingRule> cache = List.of(
                alert(HIGH_CACHE_MISS_RATE, "warning", Duration.ofMinutes(5), r.getMissRatio, "> "
                                + plain(t.cacheMissRatio()),
                        "A feature cache sends more of its gets to the source than it should.",
                        "{{ $value | humanizePercentage }} of the gets of cache {{ $labels.cache_name }} on"
                                + " {{ $labels.instance }} missed every tier over the last " + w + " (threshold "
                                + pct(t.cacheMissRatio()) + "). Keys the cache has not seen (new users), expired"
                                + " or evicted ones: compare with the memcached evictions and L2 panels."),
                alert(HIGH_P99_CACHE_LATENCY, "critical", Duration.ofMinutes(2), r.getP99, "> "
                                + plain(t.cacheP99Seconds()),
                        "A feature cache answers its slowest gets too slowly.",
                        "The P99 of gets of cache {{ $labels.cache_name }} on {{ $labels.instance }} is"
                                + " {{ $value | humanizeDuration }} over the last " + w + " (threshold "
                                + plain(t.cacheP99Seconds()) + " s)."),
                alert(HIGH_L2_LATENCY, "warning", Duration.ofMinutes(5), copyServer(r.l2SlowRatio, "server"),
                        "> " + plain(t.l2SlowRatio()),
                        "A memcached server is slow or failing for the application.",
                        "{{ $value | humanizePercentage }} of the L2 operations of {{ $labels.instance }} on memcached"
                                + " {{ $labels.server }} took over " + plain(t.l2SlowSeconds() * 1000)
                                + " ms, timed out or failed over the last " + w + " (threshold "
                                + pct(t.l2SlowRatio()) + ")."),
                alert(CACHE_CIRCUIT_OPEN, "warning", Duration.ofMinutes(2),
                        r.breakerNotClosed + "{name=\"" + config.l2BreakerName() + "\"}",
                        "> " + plain(t.circuitNotClosedRatio()),
                        "The circuit breaker in front of memcached keeps opening.",
                        "The L2 circuit breaker {{ $labels.name }} of {{ $labels.instance }} was open or half-open"
                                + " {{ $value | humanizePercentage }} of the last " + w + " (threshold "
                                + pct(t.circuitNotClosedRatio()) + "): reads skip memcached and go to L1 and the"
                                + " source."));

        String serverLabel = config.memcachedServerLabel();
        List<String> mcLevel = r.memcached();
        List<AlertingRule> memcached = new ArrayList<>();
        memcached.add(alert(MEMCACHED_DOWN, "critical", Duration.ofMinutes(5),
                copyServer("max " + Recordings.by(mcLevel) + " (" + mc.of(ExporterFamilies.UP) + ")", serverLabel),
                "== 0",
                "A memcached server does not answer its exporter.",
                "Memcached {{ $labels." + MEMCACHED_SERVER + " }} (exporter {{ $labels.job }}/{{ $labels.instance }})"
                        + " has not answered every stats command for " + config.window(Duration.ofMinutes(5))
                        + "."));
        memcached.add(alert(MEMCACHED_EXPORTER_DOWN, "warning", Duration.ofMinutes(5),
                "max " + Recordings.by(r.instance()) + " (" + mc.of("up") + ")", "== 0",
                "Prometheus cannot scrape a memcached exporter.",
                "Prometheus has failed to scrape {{ $labels.job }}/{{ $labels.instance }} for "
                        + config.window(Duration.ofMinutes(5)) + ": the memcached behind it is unwatched."));
        memcached.add(alert(HIGH_MEMCACHED_EVICTIONS, "critical", Duration.ofMinutes(10),
                copyServer(r.memcachedEvictions, serverLabel), "> " + plain(t.memcachedEvictionsPerSec()),
                "A memcached server evicts live items to make room.",
                "Memcached {{ $labels." + MEMCACHED_SERVER + " }} evicts {{ $value | humanize }} items/s over the"
                        + " last " + w + " (threshold " + plain(t.memcachedEvictionsPerSec())
                        + "/s): its memory is too small for the working set."));
        for (String severity : List.of("warning", "critical")) {
            boolean critical = severity.equals("critical");
            double limit = critical ? t.connectionsCritical() : t.connectionsWarning();
            memcached.add(alert(CONNECTION_LIMIT, severity, Duration.ofMinutes(10),
                    copyServer(r.memcachedConnectionsRatio, serverLabel), "> " + plain(limit),
                    critical ? "A memcached server is about to refuse connections."
                            : "A memcached server is approaching its connection limit.",
                    "Memcached {{ $labels." + MEMCACHED_SERVER + " }} uses {{ $value | humanizePercentage }} of its"
                            + " connections (" + severity + " at " + pct(limit) + ")."));
        }
        memcached.add(alert(OUT_OF_MEMORY, "warning", Duration.ofMinutes(10),
                copyServer("sum " + Recordings.by(mcLevel) + " (rate(" + mc.of(ExporterFamilies.ITEM_NO_MEMORY)
                        + "[" + w + "]))", serverLabel), "> 0",
                "A memcached server refuses stores because it cannot free memory.",
                "Memcached {{ $labels." + MEMCACHED_SERVER + " }} refused {{ $value | humanize }} stores/s for lack of"
                        + " memory over the last " + w + "."));
        memcached.add(alert(MEMORY_NEAR_LIMIT, "info", Duration.ofMinutes(15),
                copyServer(r.memcachedMemoryRatio, serverLabel), "> " + plain(t.memcachedMemoryRatio()),
                "A memcached server is nearly full, so evictions come next.",
                "Memcached {{ $labels." + MEMCACHED_SERVER + " }} holds {{ $value | humanizePercentage }} of its"
                        + " memory limit in items (threshold " + pct(t.memcachedMemoryRatio()) + ")."));
        memcached.add(alert(EXPORTER_SCRAPE_ERRORS, "warning", Duration.ofMinutes(10),
                copyServer("sum " + Recordings.by(mcLevel) + " (rate(" + mc.of("", "__name__=~\""
                        + ExporterFamilies.PARSE_ERRORS + "|" + ExporterFamilies.DISCOVERY_ERRORS + "\"") + "[" + w
                        + "]))", serverLabel), "> 0",
                "A memcached exporter reports errors of its own.",
                "Exporter {{ $labels.job }}/{{ $labels.instance }} counted {{ $value | humanize }} parse or discovery"
                        + " errors/s over the last " + w + ": some memcached series may be missing or stale"
                        + " (memcached itself answered, else MemcachedDown fires)."));

        List<AlertingRule> failover = List.of(
                alert(FAILOVER_SERVING, "warning", Duration.ofMinutes(5), r.failoverDegradedRatio,
                        "> " + plain(t.failoverDegradedRatio()),
                        "Answers come from the failover cache instead of the model.",
                        "{{ $value | humanizePercentage }} of the answers of {{ $labels.cache_name }} on"
                                + " {{ $labels.instance }} were last-good, late or empty over the last " + w
                                + " (threshold " + pct(t.failoverDegradedRatio()) + ")."),
                alert(SNAPSHOT_STALE, "warning", Duration.ofMinutes(5),
                        "time() - max " + Recordings.by(r.instance(CACHE_NAME)) + " ("
                                + app.of(m.snapshotLastSuccess) + ")",
                        "> " + plain(t.snapshotMaxAgeSeconds()),
                        "The failover cache has not written a snapshot for too long.",
                        "The last successful snapshot of failover cache {{ $labels.cache_name }} on"
                                + " {{ $labels.instance }} is {{ $value | humanizeDuration }} old (threshold "
                                + plain(t.snapshotMaxAgeSeconds()) + " s; decades mean never): a restart would"
                                + " restore old answers or none."));

        double budget = 1 - t.sloObjective();
        List<AlertingRule> inference = List.of(
                sloBurn("critical", Duration.ofMinutes(2), FAST_BURN, budget),
                sloBurn("warning", Duration.ofMinutes(15), SLOW_BURN, budget),
                alert(FEATURE_STORE_ERRORS, "warning", Duration.ofMinutes(5), r.featureStoreErrorRatio,
                        "> " + plain(t.featureStoreErrorRatio()),
                        "Calls to the feature store fail.",
                        "{{ $value | humanizePercentage }} of the feature store calls of {{ $labels.instance }} failed"
                                + " or were rejected over the last " + w + " (threshold "
                                + pct(t.featureStoreErrorRatio()) + ")."));

        return new RuleFile(List.of(
                new RuleGroup("glasscache-feature-cache.alerts", null, new ArrayList<>(cache)),
                new RuleGroup("glasscache-memcached.alerts", null, new ArrayList<>(memcached)),
                new RuleGroup("glasscache-failover.alerts", null, new ArrayList<>(failover)),
                new RuleGroup("glasscache-inference.alerts", null, new ArrayList<>(inference))));
    }

    private AlertingRule sloBurn(String severity, Duration forBase, List<Burn> burns, double budget) {
        List<String> branches = new ArrayList<>();
        List<String> probes = new ArrayList<>();
        for (Burn burn : burns) {
            String limit = plain(burn.rate() * budget);
            String longRatio = r.sloSlowRatio.get(burn.longWindow());
            String shortRatio = r.sloSlowRatio.get(burn.shortWindow());
            branches.add("(\n  " + longRatio + " > " + limit + "\nand\n  " + shortRatio + " > " + limit + "\n)");
            for (String probe : List.of(longRatio, shortRatio)) {
                if (!probes.contains(probe)) {
                    probes.add(probe);
                }
            }
        }
        Burn first = burns.get(0);
        Burn second = burns.get(1);
        String objective = plain(t.sloLatencySeconds() * 1000) + " ms";
        return alert(SLO_BURN, severity, forBase, String.join("\nor\n", branches), probes,
                "critical".equals(severity)
                        ? "Slow inference requests are burning the latency error budget fast."
                        : "Slow inference requests are burning the latency error budget.",
                "{{ $value | humanizePercentage }} of the requests to {{ $labels.job }} took longer than " + objective
                        + " over the alert's long window; the objective allows " + pct(budget) + " (" + pct(
                        t.sloObjective()) + " within " + objective + "). Burn rate above " + plain(first.rate())
                        + "x over " + first.longWindow() + " and " + first.shortWindow() + ", or above "
                        + plain(second.rate()) + "x over " + second.longWindow() + " and " + second.shortWindow()
                        + ".");
    }
}
