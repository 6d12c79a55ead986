package io.glasscache.observability.mixin;

import static io.glasscache.observability.mixin.Panels.RATE;
import static io.glasscache.observability.mixin.Panels.instant;
import static io.glasscache.observability.mixin.Panels.query;
import static io.glasscache.observability.mixin.Panels.stat;
import static io.glasscache.observability.mixin.Panels.timeseries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.RecordOutcome;
import io.glasscache.observability.dashboard.Builder;
import io.glasscache.observability.dashboard.Dashboard;
import io.glasscache.observability.dashboard.DashboardBuilder;
import io.glasscache.observability.dashboard.DashboardCursorSync;
import io.glasscache.observability.dashboard.DashboardLinkBuilder;
import io.glasscache.observability.dashboard.DataTransformerConfig;
import io.glasscache.observability.dashboard.DatasourceVariableBuilder;
import io.glasscache.observability.dashboard.DynamicConfigValue;
import io.glasscache.observability.dashboard.MatcherConfig;
import io.glasscache.observability.dashboard.QueryVariableBuilder;
import io.glasscache.observability.dashboard.RowBuilder;
import io.glasscache.observability.dashboard.VariableModel;
import io.glasscache.observability.dashboard.VariableOption;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.DrawStyle;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.LineInterpolation;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.StackingMode;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.ThresholdsStyleMode;
import io.glasscache.observability.dashboard.prometheus.PromQueryFormat;
import io.glasscache.observability.dashboard.stat.Options.ColorMode;
import io.glasscache.observability.dashboard.stat.Options.TextMode;

/**
 * GlassCache's four dashboards. Each imports as-is through Grafana's Import: a {@code datasource} variable (no fixed
 * data source uid), {@code job} and {@code instance} variables, a stable uid, links to the other three.
 */
final class GlassCacheDashboards {

    static final String FEATURE_CACHE_UID = "glasscache-feature-cache";
    static final String MEMCACHED_UID = "glasscache-memcached";
    static final String FAILOVER_UID = "glasscache-failover";
    static final String INFERENCE_SLO_UID = "glasscache-inference-slo";

    private static final Map<String, String> TITLES = Map.of(
            FEATURE_CACHE_UID, "GlassCache / Feature cache",
            MEMCACHED_UID, "GlassCache / Memcached",
            FAILOVER_UID, "GlassCache / Failover",
            INFERENCE_SLO_UID, "GlassCache / Inference SLO");
    private static final List<String> ORDER = List.of(FEATURE_CACHE_UID, MEMCACHED_UID, FAILOVER_UID,
            INFERENCE_SLO_UID);

    private final MixinConfig config;
    private final Recordings r;
    private final Metrics m;
    private final MixinConfig.Thresholds t;

    GlassCacheDashboards(MixinConfig config, Recordings recordings) {
        this.config = config;
        this.r = recordings;
        this.m = new Metrics(config.prefix());
        this.t = config.thresholds();
    }

    Map<String, Dashboard> all() {
        Map<String, Dashboard> dashboards = new LinkedHashMap<>();
        dashboards.put("feature-cache.json", featureCache());
        dashboards.put("memcached.json", memcached());
        dashboards.put("failover.json", failover());
        dashboards.put("inference-slo.json", inferenceSlo());
        return dashboards;
    }

    // ---- common parts ----

    private DashboardBuilder dashboard(String uid, String description) {
        DashboardBuilder builder = new DashboardBuilder(TITLES.get(uid)).uid(uid).description(description)
                .tags(List.of("glasscache")).readonly().tooltip(DashboardCursorSync.CROSSHAIR)
                .time("now-1h", "now").refresh("30s")
                .withVariable(new DatasourceVariableBuilder("datasource").label("Data source").type("prometheus")
                        .description("The Prometheus that scrapes GlassCache"));
        for (String other : ORDER) {
            if (!other.equals(uid)) {
                builder.link(new DashboardLinkBuilder(TITLES.get(other)).url("/d/" + other).icon("dashboard")
                        .tooltip("Open " + TITLES.get(other) + " for the same time range").keepTime(true));
            }
        }
        return builder;
    }

    /** {@code label_values(metric{selectors}, label)}: the matchers are the extra selectors plus {@code more}. */
    private String labelValues(String metric, String label, String... more) {
        List<String> matchers = new ArrayList<>(config.selectors());
        matchers.addAll(List.of(more));
        String selector = matchers.isEmpty() ? metric : metric + "{" + String.join(", ", matchers) + "}";
        return "label_values(" + selector + ", " + label + ")";
    }

    private Builder<VariableModel> jobVariable(String name, String label, String metric, String defaultJob) {
        return new QueryVariableBuilder(name).label(label).datasource(Panels.DATASOURCE)
                .query(labelValues(metric, "job")).current(VariableOption.of(defaultJob))
                .description("Prometheus job of the " + label.toLowerCase());
    }

    private Builder<VariableModel> multiVariable(String name, String label, String query, String description) {
        return new QueryVariableBuilder(name).label(label).datasource(Panels.DATASOURCE).query(query)
                .multi(true).includeAll(true).allValue(".*").current(new VariableOption(true, "All", "$__all"))
                .description(description);
    }

    private Scope appScope() {
        return Scope.variables("job", "instance", config.selectors());
    }

    /** {@code agg by (by) (selector)}: a gauge summed or maxed per label. */
    private static String by(String agg, String by, String selector) {
        return agg + " by (" + by + ") (" + selector + ")";
    }

    /** A time series of a value against its limit, drawn as a dashed red line (memory, connections, capacity). */
    private static io.glasscache.observability.dashboard.timeseries.PanelBuilder againstLimit(String title,
            String description, String unit, String used, String usedLegend, String limit, String limitLegend) {
        return timeseries(title, description, unit)
                .withTarget(query(used, usedLegend))
                .withTarget(query(limit, limitLegend).refId("B"))
                .overrideByQuery("B", Panels.limitLine());
    }

    /** A time series of two queries, the second ({@code B}) on a right axis of its own unit and colour. */
    private static io.glasscache.observability.dashboard.timeseries.PanelBuilder twoAxes(String title,
            String description, String unit, String left, String leftLegend, String right, String rightLegend,
            String rightUnit, String rightColor) {
        return timeseries(title, description, unit)
                .withTarget(query(left, leftLegend))
                .withTarget(query(right, rightLegend).refId("B"))
                .overrideByQuery("B", Panels.rightAxis(rightUnit, rightColor));
    }

    /** A circuit breaker's current state as its name, coloured: closed green, half-open orange, open red. */
    private static io.glasscache.observability.dashboard.stat.PanelBuilder breakerState(String title,
            String description, String stateSelector) {
        return stat(title, description, "none")
                .withTarget(instant("max by (state) (" + stateSelector + ") > 0", "{{state}}"))
                .textMode(TextMode.NAME).colorMode(ColorMode.BACKGROUND)
                .overrideByName("closed", Panels.color("green"))
                .overrideByName("half_open", Panels.color("orange"))
                .overrideByName("open", Panels.color("red"));
    }

    /** Memcached's stored bytes against its memory limit, per server. */
    private static io.glasscache.observability.dashboard.timeseries.PanelBuilder memcachedMemory(Scope mc,
                                                                                                String description) {
        return againstLimit("Memcached memory: used vs limit", description, "bytes",
                by("sum", "instance", mc.of(ExporterFamilies.CURRENT_BYTES)), "used {{instance}}",
                by("sum", "instance", mc.of(ExporterFamilies.LIMIT_BYTES)), "limit {{instance}}");
    }

    private static String sumRate(String by, String selector) {
        return "sum by (" + by + ") (rate(" + selector + "[" + RATE + "]))";
    }

    private static String p(double quantile, String by, String bucketSelector) {
        String labels = by.isEmpty() ? "le" : by + ", le";
        return "histogram_quantile(" + quantile + ", sum by (" + labels + ") (rate(" + bucketSelector + "[" + RATE
                + "])))";
    }

    /** A recorded series with {@code matchers} and the extra selectors (its level keeps their labels). */
    private String recorded(String record, String... matchers) {
        List<String> all = new ArrayList<>(List.of(matchers));
        all.addAll(config.selectors());
        return record + "{" + String.join(", ", all) + "}";
    }

    // ---- 1. feature cache ----

    private Dashboard featureCache() {
        Scope app = appScope();
        Scope cache = app.and("cache_name=~\"$cache_name\"");
        Scope mc = Scope.variables("memcached_job", "memcached_instance", config.selectors());
        String jobInstanceCache = "job=~\"$job\", instance=~\"$instance\", cache_name=~\"$cache_name\"";
        String get = "operation=\"" + CacheOperation.GET.tag() + "\"";
        String l2Breaker = "name=\"" + config.l2BreakerName() + "\"";
        String hitRatio = "sum by (cache_name) (rate(" + cache.of(m.hits) + "[" + RATE + "]))\n/\n(\n  sum by "
                + "(cache_name) (rate(" + cache.of(m.hits) + "[" + RATE + "]))\n  + sum by (cache_name) (rate("
                + cache.of(m.misses) + "[" + RATE + "]))\n)";

        return dashboard(FEATURE_CACHE_UID, "The tiered feature cache (L1 Caffeine, L2 memcached, the source) per"
                + " cache and tier, with memcached's own evictions and memory beside the app's hit ratio.")
                .withVariable(jobVariable("job", "Application", m.requests, config.appJob()))
                .withVariable(multiVariable("instance", "Instance",
                        labelValues(m.requests, "instance", "job=~\"$job\""), "Application instances"))
                .withVariable(multiVariable("cache_name", "Cache",
                        labelValues(m.requests, "cache_name", "job=~\"$job\"", "instance=~\"$instance\""),
                        "Tiered caches (cache_name)"))
                .withVariable(jobVariable("memcached_job", "Memcached exporter", ExporterFamilies.UP,
                        config.memcachedJob()))
                .withVariable(multiVariable("memcached_instance", "Memcached",
                        labelValues(ExporterFamilies.UP, "instance", "job=~\"$memcached_job\""),
                        "Memcached exporter targets"))
                .withPanel(new io.glasscache.observability.dashboard.text.PanelBuilder()
                        .title("How to read this dashboard")
                        .description("Which of the three usual causes is behind a latency rise.")
                        .span(24).height(5)
                        .content("""
                                **Misses rose** (new users, a cold deploy): *Get miss ratio* up, loads and source \
                                calls up, L2 latency flat, memcached evictions flat. Alert: HighCacheMissRate.

                                **A memcached node is slow**: *L2 servers* shows one server with a high share of \
                                slow or failed operations, L2 errors by reason (l2_timeout) on that server, the \
                                circuit breaker opening. Alerts: HighL2Latency, CacheCircuitOpen.

                                **Memcached is saturated**: *App hit ratio vs memcached evictions* shows evictions \
                                while the hit ratio falls; *Memcached memory* at its limit. Alerts: \
                                HighMemcachedEvictions, MemcachedMemoryNearLimit. See docs/observability.md."""))
                .withRow(new RowBuilder("Overview")
                        .withPanel(stat("Hit ratio (5m)", "Share of keys read (get and get_all) that L1 or L2"
                                + " answered, per cache and instance (recording rule " + r.hitRatio + ").",
                                "percentunit")
                                .withTarget(instant(recorded(r.hitRatio, jobInstanceCache),
                                        "{{cache_name}} {{instance}}"))
                                .thresholds(Panels.falling(1 - t.cacheMissRatio())).min(0).max(1))
                        .withPanel(stat("Get miss ratio (5m)", "Share of gets that missed every tier and went to"
                                + " the source: what HighCacheMissRate compares with " + Alerts.pct(t.cacheMissRatio())
                                + ".", "percentunit")
                                .withTarget(instant(recorded(r.getMissRatio, jobInstanceCache),
                                        "{{cache_name}} {{instance}}"))
                                .thresholds(Panels.rising(t.cacheMissRatio(), null)).min(0).max(1))
                        .withPanel(stat("P99 get latency (5m)", "99th percentile of gets, every tier: what"
                                + " HighP99CacheLatency compares with " + Alerts.plain(t.cacheP99Seconds()) + " s.",
                                "s")
                                .withTarget(instant(recorded(r.getP99, jobInstanceCache),
                                        "{{cache_name}} {{instance}}"))
                                .thresholds(Panels.rising(t.cacheP99Seconds() / 2, t.cacheP99Seconds())))
                        .withPanel(stat("Requests", "Cache calls per second (a get_all is one call).", "reqps")
                                .withTarget(instant(sumRate("cache_name", cache.of(m.requests)), "{{cache_name}}")))
                        .withPanel(breakerState("L2 circuit breaker", "State of the circuit breaker in front of"
                                + " memcached: open or half-open means reads skip L2.",
                                app.of(Metrics.BREAKER_STATE, l2Breaker)))
                        .withPanel(stat("Memcached evictions", "Items memcached evicted per second to make room,"
                                + " all selected servers (exporter).", "ops")
                                .withTarget(instant("sum(rate(" + mc.of(ExporterFamilies.ITEMS_EVICTED) + "[" + RATE
                                        + "]))", "evictions"))
                                .thresholds(Panels.rising(1, t.memcachedEvictionsPerSec()))))
                .withRow(new RowBuilder("Requests and hits")
                        .withPanel(timeseries("Requests by cache and operation", "Cache calls per second by"
                                + " operation (get, get_all, put, invalidate).", "reqps")
                                .withTarget(query(sumRate("cache_name, operation", cache.of(m.requests)),
                                        "{{cache_name}} {{operation}}")))
                        .withPanel(timeseries("Keys by tier", "Keys answered per second by L1 and L2, and keys"
                                + " that went to the source (misses), stacked.", "ops")
                                .withTarget(query(sumRate("cache_name, tier", cache.of(m.hits)),
                                        "{{cache_name}} {{tier}}"))
                                .withTarget(query(sumRate("cache_name", cache.of(m.misses)),
                                        "{{cache_name}} source (miss)"))
                                .stacking(StackingMode.NORMAL))
                        .withPanel(timeseries("Hit ratio by cache", "Keys answered by a cache tier / keys read."
                                + " The dashed line is where HighCacheMissRate starts (on gets).", "percentunit")
                                .withTarget(query(hitRatio, "{{cache_name}}"))
                                .min(0).max(1).thresholds(Panels.falling(1 - t.cacheMissRatio()))
                                .thresholdsStyle(ThresholdsStyleMode.DASHED)))
                .withRow(new RowBuilder("Latency")
                        .withPanel(timeseries("Get latency by tier (P50, P99)", "Percentiles of gets by the"
                                + " deepest tier they needed: l1, l2 or source.", "s")
                                .withTarget(query(p(0.99, "cache_name, tier", cache.of(Metrics.bucket(m.latency),
                                        get)), "p99 {{cache_name}} {{tier}}"))
                                .withTarget(query(p(0.5, "cache_name, tier", cache.of(Metrics.bucket(m.latency),
                                        get)), "p50 {{cache_name}} {{tier}}")))
                        .withPanel(new io.glasscache.observability.dashboard.heatmap.PanelBuilder()
                                .title("Read latency distribution").description("Cache reads (get and get_all) per"
                                        + " latency bucket over time: a second band means a second population"
                                        + " (misses).")
                                .datasource(Panels.DATASOURCE).unit("s").span(8).height(8)
                                .withTarget(query("sum by (le) (rate(" + cache.of(Metrics.bucket(m.latency),
                                        "operation=~\"get|get_all\"") + "[" + RATE + "]))", "{{le}}")
                                        .format(PromQueryFormat.HEATMAP)))
                        .withPanel(timeseries("Source latency P99 by result", "99th percentile of source (feature"
                                + " store) calls, single or batch, by result.", "s")
                                .withTarget(query(p(0.99, "cache_name, result", cache.of(Metrics.bucket(
                                        m.loadLatency))), "{{cache_name}} {{result}}"))))
                .withRow(new RowBuilder("Errors, loads and stampede protection")
                        .withPanel(timeseries("Handled errors by reason", "Every error is handled (a miss or a"
                                + " stale value): l2_timeout and l2_error point at memcached, load_* at the"
                                + " source.", "ops")
                                .withTarget(query(sumRate("cache_name, reason", cache.of(m.errors)),
                                        "{{cache_name}} {{reason}}")))
                        .withPanel(timeseries("Source loads by result", "Keys loaded from the source per second:"
                                + " success, not_found, failure, timeout.", "ops")
                                .withTarget(query(sumRate("cache_name, result", cache.of(m.loads)),
                                        "{{cache_name}} {{result}}")))
                        .withPanel(timeseries("Coalesced waiters and source calls", "Reads that joined a lookup"
                                + " in flight instead of calling the source (stampede protection), reads that"
                                + " stopped waiting, and source calls.", "ops")
                                .withTarget(query(sumRate("cache_name", cache.of(m.coalesced)),
                                        "{{cache_name}} joined a lookup"))
                                .withTarget(query(sumRate("cache_name", cache.of(m.waiterTimeouts)),
                                        "{{cache_name}} stopped waiting"))
                                .withTarget(query(sumRate("cache_name", cache.of(m.sourceCalls)),
                                        "{{cache_name}} source calls")))
                        .withPanel(timeseries("Stale values served", "Values served past their freshness:"
                                + " revalidate (while one refresh runs) or error (the source failed).", "ops")
                                .withTarget(query(sumRate("cache_name, reason", cache.of(m.staleServed)),
                                        "{{cache_name}} {{reason}}"))))
                .withRow(new RowBuilder("L1 (Caffeine)")
                        .withPanel(timeseries("L1 entries", "Entries held on heap per cache.", "short")
                                .withTarget(query("sum by (cache_name) (" + cache.of(Metrics.L1_SIZE) + ")",
                                        "{{cache_name}}")))
                        .withPanel(timeseries("L1 evictions", "Entries L1 evicted per second (size bound): a"
                                + " steady rate means L1 is smaller than the hot set.", "ops")
                                .withTarget(query(sumRate("cache_name", cache.of(Metrics.L1_EVICTIONS)),
                                        "{{cache_name}}"))))
                .withRow(new RowBuilder("L2 (memcached): which node is slow")
                        .withPanel(timeseries("L2 P99 latency per server", "99th percentile of successful L2"
                                + " operations per memcached server: one slow server shows as one line.", "s")
                                .withTarget(query(p(0.99, "server", cache.of(Metrics.bucket(m.l2Latency))),
                                        "{{server}}")))
                        .withPanel(timeseries("L2 errors per server", "L2 operations that timed out or failed,"
                                + " per memcached server and reason.", "ops")
                                .withTarget(query(sumRate("server, reason", cache.of(m.l2Errors)),
                                        "{{server}} {{reason}}")))
                        .withPanel(new io.glasscache.observability.dashboard.table.PanelBuilder()
                                .title("L2 servers").description("Per memcached server: share of L2 operations"
                                        + " slower than " + Alerts.plain(t.l2SlowSeconds() * 1000) + " ms, timed out"
                                        + " or failed (5m, what HighL2Latency compares with "
                                        + Alerts.pct(t.l2SlowRatio()) + ") and P99 of successful operations.")
                                .datasource(Panels.DATASOURCE).unit("percentunit").span(8).height(8)
                                .withTarget(Panels.table("max by (server) (" + recorded(r.l2SlowRatio,
                                        "job=~\"$job\"", "instance=~\"$instance\"") + ")"))
                                .withTarget(Panels.table(p(0.99, "server", app.of(Metrics.bucket(m.l2Latency)))))
                                .withTransformation(new DataTransformerConfig("merge", new LinkedHashMap<>()))
                                .overrideByName("Value #A", List.of(
                                        new DynamicConfigValue("displayName", "slow or failed (5m)"),
                                        new DynamicConfigValue("unit", "percentunit")))
                                .overrideByName("Value #B", List.of(
                                        new DynamicConfigValue("displayName", "P99 of successes"),
                                        new DynamicConfigValue("unit", "s")))
                                .sortBy("slow or failed (5m)", true))
                        .withPanel(twoAxes("L2 circuit breaker", "State of the breaker in front of memcached"
                                + " (1 = current state) and its failure rate (right axis, -1 until it has enough"
                                + " calls).", "short", by("max", "state", app.of(Metrics.BREAKER_STATE, l2Breaker)),
                                "{{state}}", "max(" + app.of(Metrics.BREAKER_FAILURE_RATE, l2Breaker) + ")",
                                "failure rate", "percent", "purple")
                                .lineInterpolation(LineInterpolation.STEP_AFTER)))
                .withRow(new RowBuilder("Memcached beside the app: is it the cache or the application?")
                        .withPanel(twoAxes("App hit ratio vs memcached evictions", "The app's hit ratio per"
                                + " cache (left) and memcached's evictions per second (right): evictions with a"
                                + " falling hit ratio mean memcached is too small; a falling hit ratio without"
                                + " evictions means new keys.", "percentunit", hitRatio, "hit ratio {{cache_name}}",
                                sumRate("instance", mc.of(ExporterFamilies.ITEMS_EVICTED)), "evictions {{instance}}",
                                "ops", "red").min(0))
                        .withPanel(memcachedMemory(mc, "Bytes memcached stores, against its memory limit (dashed):"
                                + " at the limit it evicts."))
                        .withPanel(timeseries("Memcached hit ratio (server view)", "Get hits / (hits + misses)"
                                + " as memcached counts them (keys, every client).", "percentunit")
                                .withTarget(query(memcachedHitRatio(mc), "{{instance}}"))
                                .min(0).max(1)))
                .build();
    }

    private static String memcachedHitRatio(Scope mc) {
        return "sum by (instance) (rate(" + mc.of(ExporterFamilies.COMMANDS, "command=\"get\"", "status=\"hit\"")
                + "[" + RATE + "]))\n/\nsum by (instance) (rate(" + mc.of(ExporterFamilies.COMMANDS, "command=\"get\"",
                "status=~\"hit|miss\"") + "[" + RATE + "]))";
    }

    // ---- 2. memcached ----

    private Dashboard memcached() {
        Scope mc = appScope();
        String jobInstance = "job=~\"$job\", instance=~\"$instance\"";
        return dashboard(MEMCACHED_UID, "Memcached servers as the exporter sees them: what the community memcached"
                + " mixin's overview shows, plus the memory limit, a hit ratio of hits / (hits + misses),"
                + " connections against the maximum and per-slab detail.")
                .withVariable(jobVariable("job", "Memcached exporter", ExporterFamilies.UP, config.memcachedJob()))
                .withVariable(multiVariable("instance", "Instance",
                        labelValues(ExporterFamilies.UP, "instance", "job=~\"$job\""), "Memcached exporter targets"))
                .withRow(new RowBuilder("Overview")
                        .withPanel(stat("Up", "1 when memcached answered every stats command of the last scrape.",
                                "none")
                                .withTarget(instant("min by (instance) (" + mc.of(ExporterFamilies.UP) + ")",
                                        "{{instance}}"))
                                .mappings(Panels.upDown()).colorMode(ColorMode.BACKGROUND))
                        .withPanel(stat("Hit ratio (5m)", "Get hits / (hits + misses), per server.", "percentunit")
                                .withTarget(instant(recorded(r.memcachedHitRatio, jobInstance), "{{instance}}"))
                                .min(0).max(1))
                        .withPanel(Panels.gauge("Memory used", "Bytes stored / memory limit: near 100 % memcached"
                                + " evicts (MemcachedMemoryNearLimit at " + Alerts.pct(t.memcachedMemoryRatio())
                                + ").", "percentunit")
                                .withTarget(instant(recorded(r.memcachedMemoryRatio, jobInstance), "{{instance}}"))
                                .min(0).max(1).thresholds(Panels.rising(t.memcachedMemoryRatio(), 1.0)))
                        .withPanel(Panels.gauge("Connections used", "Open connections / connection limit"
                                + " (warning at " + Alerts.pct(t.connectionsWarning()) + ", critical at "
                                + Alerts.pct(t.connectionsCritical()) + ").", "percentunit")
                                .withTarget(instant(recorded(r.memcachedConnectionsRatio, jobInstance),
                                        "{{instance}}"))
                                .min(0).max(1).thresholds(Panels.rising(t.connectionsWarning(),
                                        t.connectionsCritical())))
                        .withPanel(stat("Evictions", "Items evicted per second, all selected servers.", "ops")
                                .withTarget(instant("sum(rate(" + mc.of(ExporterFamilies.ITEMS_EVICTED) + "[" + RATE
                                        + "]))", "evictions"))
                                .thresholds(Panels.rising(1, t.memcachedEvictionsPerSec())))
                        .withPanel(stat("Uptime", "Time since the memcached process started (a restart empties"
                                + " it).", "s")
                                .withTarget(instant("min by (instance) (" + mc.of(ExporterFamilies.UPTIME) + ")",
                                        "{{instance}}"))))
                .withRow(new RowBuilder("Hits")
                        .withPanel(timeseries("Hit ratio", "Get hits / (hits + misses) per server, both sides"
                                + " read with the same selectors.", "percentunit")
                                .withTarget(query(memcachedHitRatio(mc), "{{instance}}")).min(0).max(1))
                        .withPanel(new io.glasscache.observability.dashboard.bargauge.PanelBuilder()
                                .title("Connection usage, top 20").description("Servers closest to their"
                                        + " connection limit.")
                                .datasource(Panels.DATASOURCE).unit("percentunit").span(8).height(8).min(0).max(1)
                                .thresholds(Panels.rising(t.connectionsWarning(), t.connectionsCritical()))
                                .withTarget(instant("topk(20, " + recorded(r.memcachedConnectionsRatio, jobInstance)
                                        + ")", "{{instance}}"))))
                .withRow(new RowBuilder("Ops")
                        .withPanel(timeseries("Commands", "Commands per second by command and outcome.", "ops")
                                .withTarget(query(sumRate("command, status", mc.of(ExporterFamilies.COMMANDS)),
                                        "{{command}} {{status}}")))
                        .withPanel(timeseries("Evictions", "Valid items evicted per second to free memory.", "ops")
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.ITEMS_EVICTED)),
                                        "{{instance}}")))
                        .withPanel(timeseries("Stored, reclaimed and refused", "Items stored per second, expired"
                                + " items' memory reused, and stores refused for lack of memory.", "ops")
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.ITEMS)),
                                        "stored {{instance}}"))
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.ITEMS_RECLAIMED)),
                                        "reclaimed {{instance}}"))
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.ITEM_NO_MEMORY)),
                                        "refused (no memory) {{instance}}"))))
                .withRow(new RowBuilder("Resources")
                        .withPanel(timeseries("CPU", "CPU time of the memcached process per second (1 = one"
                                + " core).", "percentunit")
                                .withTarget(query("sum by (instance) (rate(" + mc.of(ExporterFamilies.USER_CPU) + "["
                                        + RATE + "]) + rate(" + mc.of(ExporterFamilies.SYSTEM_CPU) + "[" + RATE
                                        + "]))", "{{instance}}")))
                        .withPanel(memcachedMemory(mc, "Bytes stored against the memory limit (dashed), the line"
                                + " the community mixin leaves out."))
                        .withPanel(timeseries("Items", "Items currently stored.", "short")
                                .withTarget(query(by("sum", "instance", mc.of(ExporterFamilies.CURRENT_ITEMS)),
                                        "{{instance}}"))))
                .withRow(new RowBuilder("Connections")
                        .withPanel(againstLimit("Connections vs maximum", "Open connections against the"
                                + " connection limit (dashed).", "short",
                                by("sum", "instance", mc.of(ExporterFamilies.CURRENT_CONNECTIONS)), "open {{instance}}",
                                by("min", "instance", mc.of(ExporterFamilies.MAX_CONNECTIONS)), "maximum {{instance}}"))
                        .withPanel(timeseries("New and rejected connections", "Connections opened per second,"
                                + " and rejected because of the limit.", "ops")
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.CONNECTIONS)),
                                        "opened {{instance}}"))
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.CONNECTIONS_REJECTED)),
                                        "rejected {{instance}}"))))
                .withRow(new RowBuilder("Network")
                        .withPanel(timeseries("Bytes received", "Bytes read from the network per second.", "Bps")
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.READ_BYTES)),
                                        "{{instance}}")))
                        .withPanel(timeseries("Bytes sent", "Bytes written to the network per second.", "Bps")
                                .withTarget(query(sumRate("instance", mc.of(ExporterFamilies.WRITTEN_BYTES)),
                                        "{{instance}}"))))
                .withRow(new RowBuilder("Servers and exporter")
                        .withPanel(new io.glasscache.observability.dashboard.table.PanelBuilder()
                                .title("Memcached servers").description("Version and uptime of every server.")
                                .datasource(Panels.DATASOURCE).unit("s").span(12).height(8)
                                .withTarget(Panels.table("count by (job, instance, version) ("
                                        + mc.of(ExporterFamilies.VERSION) + ")"))
                                .withTarget(Panels.table("max by (job, instance) (" + mc.of(ExporterFamilies.UPTIME)
                                        + ")"))
                                .withTransformation(new DataTransformerConfig("merge", new LinkedHashMap<>()))
                                .overrideByName("Value #A", List.of(
                                        new DynamicConfigValue("custom.hidden", true)))
                                .overrideByName("Value #B", List.of(
                                        new DynamicConfigValue("displayName", "uptime"))))
                        .withPanel(twoAxes("Exporter: scrape time and own errors", "Seconds the exporter's last"
                                + " scrape of memcached took, and its parse errors per second (right axis).", "s",
                                by("max", "instance", mc.of(ExporterFamilies.SCRAPE_DURATION)), "scrape {{instance}}",
                                sumRate("instance", mc.of(ExporterFamilies.PARSE_ERRORS)), "parse errors {{instance}}",
                                "ops", "red")
                                .span(12)))
                .withRow(new RowBuilder("Slab classes").collapsed(true)
                        .withPanel(timeseries("Items per slab class", "Items stored in each slab class.", "short")
                                .withTarget(query("sum by (slab) (" + mc.of(ExporterFamilies.SLAB_CURRENT_ITEMS) + ")",
                                        "slab {{slab}}")))
                        .withPanel(timeseries("Evictions per slab class", "Items evicted per second from each"
                                + " class: one hot class can evict while others have room.", "ops")
                                .withTarget(query(sumRate("slab", mc.of(ExporterFamilies.SLAB_EVICTED)),
                                        "slab {{slab}}")))
                        .withPanel(timeseries("Memory requested per slab class", "Bytes items of each class"
                                + " asked for.", "bytes")
                                .withTarget(query("sum by (slab) (" + mc.of(ExporterFamilies.SLAB_MEM_REQUESTED) + ")",
                                        "slab {{slab}}")))
                        .withPanel(timeseries("Pages per slab class", "1 MB pages given to each class.", "short")
                                .withTarget(query("sum by (slab) (" + mc.of(ExporterFamilies.SLAB_CURRENT_PAGES) + ")",
                                        "slab {{slab}}")))
                        .withPanel(timeseries("Chunks used and free", "Chunks holding items and chunks free for"
                                + " reuse, all classes.", "short")
                                .withTarget(query(by("sum", "instance", mc.of(ExporterFamilies.SLAB_CHUNKS_USED)),
                                        "used {{instance}}"))
                                .withTarget(query(by("sum", "instance", mc.of(ExporterFamilies.SLAB_CHUNKS_FREE)),
                                        "free {{instance}}")))
                        .withPanel(timeseries("Oldest item per slab class", "Age of the oldest item in each"
                                + " class's LRU: short ages mean items are evicted young.", "s")
                                .withTarget(query("max by (slab) (" + mc.of(ExporterFamilies.SLAB_ITEMS_AGE) + ")",
                                        "slab {{slab}}")))
                        .withPanel(timeseries("Out of memory per slab class", "Times per second a class could"
                                + " not store an item for lack of memory.", "ops")
                                .withTarget(query(sumRate("slab", mc.of(ExporterFamilies.SLAB_OUT_OF_MEMORY)),
                                        "slab {{slab}}"))))
                .build();
    }

    // ---- 3. failover ----

    private Dashboard failover() {
        Scope app = appScope();
        Scope cache = app.and("cache_name=~\"$cache_name\"");
        Scope grouped = cache.and("group=~\"$group\"");
        String jobInstanceCache = "job=~\"$job\", instance=~\"$instance\", cache_name=~\"$cache_name\"";
        String rungShare = "sum by (rung) (rate(" + grouped.of(m.failoverAnswers) + "[" + RATE + "]))\n/ ignoring"
                + " (rung) group_left\nsum (rate(" + grouped.of(m.failoverAnswers) + "[" + RATE + "]))";
        String droppedOrRejected = "outcome=~\"" + RecordOutcome.DROPPED.tag() + "|rejected_.*\"";
        return dashboard(FAILOVER_UID, "The off-heap failover cache of last-good answers and its degradation"
                + " ladder: which rung answered, what it holds, its writes, snapshots and restores.")
                .withVariable(jobVariable("job", "Application", m.failoverAnswers, config.appJob()))
                .withVariable(multiVariable("instance", "Instance",
                        labelValues(m.failoverAnswers, "instance", "job=~\"$job\""), "Application instances"))
                .withVariable(new QueryVariableBuilder("cache_name").label("Failover cache")
                        .datasource(Panels.DATASOURCE)
                        .query(labelValues(m.failoverAnswers, "cache_name", "job=~\"$job\""))
                        .current(VariableOption.of(config.demo().failoverCache()))
                        .description("The failover cache (cache_name)"))
                .withVariable(multiVariable("group", "Group", labelValues(m.failoverAnswers, "group",
                        "job=~\"$job\"", "cache_name=~\"$cache_name\""), "Key groups (scenes)"))
                .withRow(new RowBuilder("Degradation ladder")
                        .withPanel(stat("Degraded answers (5m)", "Share of answers not from the primary path in"
                                + " time: last-good, parent, late or empty (FailoverServing at "
                                + Alerts.pct(t.failoverDegradedRatio()) + ").", "percentunit")
                                .withTarget(instant(recorded(r.failoverDegradedRatio, jobInstanceCache),
                                        "{{instance}}"))
                                .min(0).max(1).thresholds(Panels.rising(t.failoverDegradedRatio(), 0.5)).span(4))
                        .withPanel(timeseries("Served share per rung", "Share of answers per rung of the ladder:"
                                + " primary (in time), failover (last-good of the key), failover_parent (of its"
                                + " group), primary_late (after the budget), empty.", "percentunit")
                                .withTarget(query(rungShare, "{{rung}}"))
                                .stacking(StackingMode.NORMAL).min(0).max(1).fillOpacity(60)
                                .overrideByName(AnswerRung.PRIMARY.tag(), Panels.color("green"))
                                .overrideByName(AnswerRung.FAILOVER.tag(), Panels.color("yellow"))
                                .overrideByName(AnswerRung.FAILOVER_PARENT.tag(), Panels.color("orange"))
                                .overrideByName(AnswerRung.PRIMARY_LATE.tag(), Panels.color("purple"))
                                .overrideByName(AnswerRung.EMPTY.tag(), Panels.color("red"))
                                .span(10))
                        .withPanel(timeseries("Answers per group and rung", "Answers per second per key group"
                                + " (scene) and rung.", "ops")
                                .withTarget(query(sumRate("group, rung", grouped.of(m.failoverAnswers)),
                                        "{{group}} {{rung}}"))
                                .span(10))
                        .withPanel(timeseries("Empty answers by reason", "Nothing to serve: the primary failed"
                                + " (error), missed the hard deadline (deadline) or was unusable, and no last-good"
                                + " value was held.", "ops")
                                .withTarget(query(sumRate("group, reason", grouped.of(m.failoverEmptyAnswers)),
                                        "{{group}} {{reason}}")))
                        .withPanel(timeseries("Late primary answers, P99", "Time to a primary answer served after"
                                + " the budget because no last-good value was held.", "s")
                                .withTarget(query(p(0.99, "group", grouped.of(Metrics.bucket(m.failoverLateLatency))),
                                        "{{group}}"))))
                .withRow(new RowBuilder("Store and writes")
                        .withPanel(timeseries("Entries and keys", "Values and keys held.", "short")
                                .withTarget(query(by("sum", "instance", cache.of(m.failoverEntries)),
                                        "values {{instance}}"))
                                .withTarget(query(by("sum", "instance", cache.of(m.failoverKeys)),
                                        "keys {{instance}}")))
                        .withPanel(againstLimit("Store bytes vs capacity", "Bytes in use in the store (off-heap"
                                + " or heap) against its capacity (dashed).", "bytes",
                                by("sum", "instance, store", cache.of(m.failoverUsedBytes)),
                                "used {{instance}} {{store}}",
                                by("sum", "instance, store", cache.of(m.failoverCapacityBytes)),
                                "capacity {{instance}} {{store}}"))
                        .withPanel(Panels.gauge("Store fill", "Bytes in use / capacity.", "percentunit")
                                .withTarget(instant("sum (" + cache.of(m.failoverUsedBytes) + ")\n/\nsum ("
                                        + cache.of(m.failoverCapacityBytes) + ")", "fill"))
                                .min(0).max(1).thresholds(Panels.rising(0.8, 0.95)).span(4).height(8))
                        .withPanel(timeseries("Dropped and rejected writes", "Records not stored: the write queue"
                                + " was full (dropped), or the store refused them (too large, full, key cap,"
                                + " encode).", "ops")
                                .withTarget(query(sumRate("outcome", cache.of(m.failoverRecords, droppedOrRejected)),
                                        "{{outcome}}")))
                        .withPanel(timeseries("Writes by outcome", "Records offered per second: accepted (queued),"
                                + " stored, and every refusal.", "ops")
                                .withTarget(query(sumRate("outcome", cache.of(m.failoverRecords)), "{{outcome}}")))
                        .withPanel(timeseries("Write queue and latencies", "Records waiting for the writer, and"
                                + " P99 of reads (sample + decode) and writes (encode + store) on the right"
                                + " axis.", "short")
                                .withTarget(query(by("sum", "instance", cache.of(m.failoverQueue)),
                                        "queued {{instance}}"))
                                .withTarget(query(p(0.99, "", cache.of(Metrics.bucket(m.failoverSampleDuration))),
                                        "read p99").refId("B"))
                                .withTarget(query(p(0.99, "", cache.of(Metrics.bucket(m.failoverWriteDuration))),
                                        "write p99").refId("C"))
                                .withOverride(MatcherConfig.byRegexp(".*p99"), List.of(
                                        new DynamicConfigValue("unit", "s"),
                                        new DynamicConfigValue("custom.axisPlacement", "right")))
                                .span(12)))
                .withRow(new RowBuilder("Snapshots and restore")
                        .withPanel(stat("Last snapshot age", "Time since the last successful snapshot"
                                + " (FailoverSnapshotStale at " + Alerts.plain(t.snapshotMaxAgeSeconds()) + " s).",
                                "s")
                                .withTarget(instant("time() - max by (instance) (" + cache.of(m.snapshotLastSuccess)
                                        + ")", "{{instance}}"))
                                .thresholds(Panels.rising(t.snapshotMaxAgeSeconds() / 3, t.snapshotMaxAgeSeconds())))
                        .withPanel(timeseries("Snapshot duration P99 by outcome", "Time to write a snapshot,"
                                + " successes and failures.", "s")
                                .withTarget(query(p(0.99, "outcome", cache.of(Metrics.bucket(m.snapshotDuration))),
                                        "{{outcome}}")))
                        .withPanel(timeseries("Snapshots by outcome", "Snapshots written per second; any failure"
                                + " is a snapshot error.", "ops")
                                .withTarget(query(sumRate("outcome", cache.of(Metrics.count(m.snapshotDuration))),
                                        "{{outcome}}")))
                        .withPanel(twoAxes("Snapshot size", "Size of the last successful snapshot and its"
                                + " records (right axis).", "bytes", by("max", "instance", cache.of(m.snapshotSize)),
                                "bytes {{instance}}", by("max", "instance", cache.of(m.snapshotRecords)),
                                "records {{instance}}", "short", "blue"))
                        .withPanel(timeseries("Restored records by outcome", "Snapshot records read at start-up:"
                                + " restored, or skipped as corrupt, truncated, too old, incompatible, rejected.",
                                "short")
                                .withTarget(query("sum by (outcome) (increase(" + cache.of(m.restoreRecords) + "["
                                        + RATE + "]))", "{{outcome}}"))
                                .drawStyle(DrawStyle.BARS).fillOpacity(80))
                        .withPanel(stat("Restored snapshot age", "Age of the snapshot restored at start-up (no"
                                + " value: none was).", "s")
                                .withTarget(instant("max by (instance) (" + cache.of(m.restoredSnapshotAge) + ")",
                                        "{{instance}}")))
                        .withPanel(timeseries("Corrupt reads", "Stored values that failed to decode and were"
                                + " dropped.", "ops")
                                .withTarget(query(sumRate("instance", cache.of(m.failoverCorruptReads)),
                                        "{{instance}}"))))
                .build();
    }

    // ---- 4. inference SLO ----

    private Dashboard inferenceSlo() {
        MixinConfig.Demo demo = config.demo();
        Scope app = appScope();
        Scope endpoint = app.and("uri=\"" + demo.httpUri() + "\"");
        String bucket = Metrics.bucket(demo.httpMetric());
        String count = Metrics.count(demo.httpMetric());
        String objective = "le=\"" + Metrics.le(t.sloLatencySeconds()) + "\"";
        double budget = 1 - t.sloObjective();
        String objectiveText = Alerts.plain(t.sloLatencySeconds() * 1000) + " ms";
        String fsBreaker = "name=\"" + demo.featureStoreBreaker() + "\"";
        String caches = "cache_name=~\"" + String.join("|", demo.tieredCaches()) + "\"";
        String job = "job=~\"$job\"";

        io.glasscache.observability.dashboard.timeseries.PanelBuilder burn = timeseries("Error budget burn rate",
                "How fast slow requests spend the error budget (" + Alerts.pct(budget) + " of requests may take over "
                        + objectiveText + "): 1 = exactly the budget over 30 days. The dashed lines are the"
                        + " fast-burn alert's rates (" + Alerts.plain(Alerts.FAST_BURN.get(0).rate()) + "x, "
                        + Alerts.plain(Alerts.FAST_BURN.get(1).rate()) + "x).", "none")
                .thresholds(new io.glasscache.observability.dashboard.ThresholdsConfigBuilder().base("green")
                        .step(Alerts.FAST_BURN.get(1).rate(), "orange").step(Alerts.FAST_BURN.get(0).rate(), "red"))
                .thresholdsStyle(ThresholdsStyleMode.DASHED);
        for (String window : List.of("5m", "1h", "6h", "1d")) {
            burn.withTarget(query(recorded(r.sloSlowRatio.get(window), job) + " / " + Alerts.plain(budget),
                    window + " {{job}}"));
        }

        return dashboard(INFERENCE_SLO_UID, "The recommender's objective, P99 under " + objectiveText + ": request"
                + " rate, latency against the objective, errors, error-budget burn, where answers came from, and the"
                + " feature store behind the cache.")
                .withVariable(jobVariable("job", "Application", count, config.appJob()))
                .withVariable(multiVariable("instance", "Instance",
                        labelValues(count, "instance", "job=~\"$job\""), "Application instances"))
                .withRow(new RowBuilder("Objective: " + Alerts.pct(t.sloObjective()) + " of requests within "
                        + objectiveText)
                        .withPanel(stat("Within objective (5m)", "Share of requests answered within "
                                + objectiveText + " over 5 minutes (objective " + Alerts.pct(t.sloObjective())
                                + ").", "percentunit")
                                .withTarget(instant("1 - " + recorded(r.sloSlowRatio.get("5m"), job), "{{job}}"))
                                .thresholds(Panels.falling(t.sloObjective())))
                        .withPanel(stat("Budget burn (1h)", "Slow share over the last hour / budget: above "
                                + Alerts.plain(Alerts.FAST_BURN.get(0).rate()) + " pages.", "none")
                                .withTarget(instant(recorded(r.sloSlowRatio.get("1h"), job) + " / "
                                        + Alerts.plain(budget), "{{job}}"))
                                .thresholds(Panels.rising(1, Alerts.FAST_BURN.get(0).rate())))
                        .withPanel(stat("P99", "99th percentile of request latency.", "s")
                                .withTarget(instant(p(0.99, "", endpoint.of(bucket)), "p99"))
                                .thresholds(Panels.rising(t.sloLatencySeconds() * 0.8, t.sloLatencySeconds())))
                        .withPanel(stat("Request rate", "Requests per second to " + demo.httpUri() + ".", "reqps")
                                .withTarget(instant("sum(rate(" + endpoint.of(count) + "[" + RATE + "]))", "rate"))))
                .withRow(new RowBuilder("Traffic, latency and errors")
                        .withPanel(timeseries("Request rate by status", "Requests per second by HTTP status.",
                                "reqps")
                                .withTarget(query(sumRate("status", endpoint.of(count)), "{{status}}")))
                        .withPanel(timeseries("Latency against the objective", "P99 and P50 of request latency;"
                                + " the red dashed line is the " + objectiveText + " objective.", "s")
                                .withTarget(query(p(0.99, "", endpoint.of(bucket)), "p99"))
                                .withTarget(query(p(0.5, "", endpoint.of(bucket)), "p50"))
                                .thresholds(new io.glasscache.observability.dashboard.ThresholdsConfigBuilder()
                                        .base("transparent").step(t.sloLatencySeconds(), "red"))
                                .thresholdsStyle(ThresholdsStyleMode.DASHED))
                        .withPanel(timeseries("Responses by outcome", "Share of responses by outcome: SUCCESS,"
                                + " CLIENT_ERROR (4xx), SERVER_ERROR (5xx): the error rate.", "percentunit")
                                .withTarget(query("sum by (outcome) (rate(" + endpoint.of(count) + "[" + RATE + "]))\n/"
                                        + " ignoring (outcome) group_left\nsum (rate(" + endpoint.of(count) + "["
                                        + RATE + "]))", "{{outcome}}"))
                                .min(0).max(1))
                        .withPanel(timeseries("Slow share", "Share of requests slower than " + objectiveText
                                + "; the dashed line is the budget (" + Alerts.pct(budget) + ").", "percentunit")
                                .withTarget(query("1 - (\n  sum (rate(" + endpoint.of(bucket, objective) + "[" + RATE
                                        + "]))\n  /\n  sum (rate(" + endpoint.of(count) + "[" + RATE + "]))\n)",
                                        "slower than " + objectiveText))
                                .min(0).thresholds(new io.glasscache.observability.dashboard.ThresholdsConfigBuilder()
                                        .base("transparent").step(budget, "red"))
                                .thresholdsStyle(ThresholdsStyleMode.DASHED))
                        .withPanel(burn))
                .withRow(new RowBuilder("Where answers came from")
                        .withPanel(timeseries("Answer source (rungs)", "Answers per second by rung of the"
                                + " degradation ladder (" + demo.failoverCache() + "): primary in time, last-good"
                                + " (failover, failover_parent), late, empty.", "ops")
                                .withTarget(query(sumRate("rung", app.of(m.failoverAnswers, "cache_name=\""
                                        + demo.failoverCache() + "\"")), "{{rung}}"))
                                .stacking(StackingMode.NORMAL)
                                .overrideByName(AnswerRung.PRIMARY.tag(), Panels.color("green"))
                                .overrideByName(AnswerRung.EMPTY.tag(), Panels.color("red"))
                                .span(24)))
                .withRow(new RowBuilder("Feature store")
                        .withPanel(timeseries("Feature store latency (P50, P99)", "Source calls of the tiered"
                                + " caches, which are the feature store's calls: percentiles per cache.", "s")
                                .withTarget(query(p(0.99, "cache_name", app.of(Metrics.bucket(m.loadLatency), caches)),
                                        "p99 {{cache_name}}"))
                                .withTarget(query(p(0.5, "cache_name", app.of(Metrics.bucket(m.loadLatency), caches)),
                                        "p50 {{cache_name}}")))
                        .withPanel(timeseries("Feature store calls by outcome", "Calls per second that reached"
                                + " the store, by operation and outcome (error, rejected: queue full).", "ops")
                                .withTarget(query(sumRate("operation, outcome", app.of(demo.featureStoreCalls())),
                                        "{{operation}} {{outcome}}")))
                        .withPanel(breakerState("Feature store breaker", "State of the circuit breaker in front"
                                + " of the feature store: open means store calls are refused at once (answers come"
                                + " from failover).", app.of(Metrics.BREAKER_STATE, fsBreaker)).span(8).height(8)))
                .build();
    }

    /** The uid of each generated dashboard, in file order. */
    static List<String> uids() {
        return ORDER;
    }
}
