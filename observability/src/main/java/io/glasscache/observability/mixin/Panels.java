package io.glasscache.observability.mixin;

import java.util.List;

import io.glasscache.observability.dashboard.DataSourceRef;
import io.glasscache.observability.dashboard.DynamicConfigValue;
import io.glasscache.observability.dashboard.FieldColor;
import io.glasscache.observability.dashboard.ThresholdsConfigBuilder;
import io.glasscache.observability.dashboard.ValueMapping;
import io.glasscache.observability.dashboard.common.GraphFieldConfig;
import io.glasscache.observability.dashboard.prometheus.DataqueryBuilder;
import io.glasscache.observability.dashboard.prometheus.PromQueryFormat;
import io.glasscache.observability.dashboard.stat.Options;

/** Panel and query presets shared by GlassCache's dashboards: every one reads the {@code $datasource} variable. */
final class Panels {

    /** The data source of every panel and query: the dashboard's datasource variable, never a fixed uid. */
    static final DataSourceRef DATASOURCE = new DataSourceRef("prometheus", "${datasource}");
    static final String RATE = "$__rate_interval";

    private Panels() {
    }

    /** A range query. */
    static DataqueryBuilder query(String expr, String legend) {
        return new DataqueryBuilder().expr(expr).legendFormat(legend).datasource(DATASOURCE);
    }

    /** An instant query (the last value), for stats, gauges and tables. */
    static DataqueryBuilder instant(String expr, String legend) {
        return query(expr, legend).instant();
    }

    /** An instant query whose result is a table (labels as columns). */
    static DataqueryBuilder table(String expr) {
        return query(expr, "__auto").instant().format(PromQueryFormat.TABLE);
    }

    static io.glasscache.observability.dashboard.timeseries.PanelBuilder timeseries(String title, String description,
                                                                                  String unit) {
        return new io.glasscache.observability.dashboard.timeseries.PanelBuilder().title(title)
                .description(description).unit(unit).datasource(DATASOURCE).span(8).height(8);
    }

    static io.glasscache.observability.dashboard.stat.PanelBuilder stat(String title, String description,
                                                                      String unit) {
        return new io.glasscache.observability.dashboard.stat.PanelBuilder().title(title).description(description)
                .unit(unit).datasource(DATASOURCE).graphMode(Options.GraphMode.NONE);
    }

    static io.glasscache.observability.dashboard.gauge.PanelBuilder gauge(String title, String description,
                                                                        String unit) {
        return new io.glasscache.observability.dashboard.gauge.PanelBuilder().title(title).description(description)
                .unit(unit).datasource(DATASOURCE);
    }

    /** Green below {@code warn}, orange from it, red from {@code critical} (null: no red step). */
    static ThresholdsConfigBuilder rising(double warn, Double critical) {
        ThresholdsConfigBuilder t = new ThresholdsConfigBuilder().base("green").step(warn, "orange");
        return critical == null ? t : t.step(critical, "red");
    }

    /** Red below {@code ok}, green from it: for ratios where more is better. */
    static ThresholdsConfigBuilder falling(double ok) {
        return new ThresholdsConfigBuilder().base("red").step(ok, "green");
    }

    /** Overrides that draw a series as a dashed red reference line (a limit, a maximum). */
    static List<DynamicConfigValue> limitLine() {
        return List.of(
                new DynamicConfigValue("custom.lineStyle", GraphFieldConfig.LineStyle.dashed()),
                new DynamicConfigValue("custom.fillOpacity", 0),
                new DynamicConfigValue("color", FieldColor.fixed("red")));
    }

    /** Overrides that move a series to its own right axis with its own unit. */
    static List<DynamicConfigValue> rightAxis(String unit, String color) {
        return List.of(
                new DynamicConfigValue("unit", unit),
                new DynamicConfigValue("custom.axisPlacement", "right"),
                new DynamicConfigValue("color", FieldColor.fixed(color)));
    }

    static List<DynamicConfigValue> color(String color) {
        return List.of(new DynamicConfigValue("color", FieldColor.fixed(color)));
    }

    /** memcached_up as text: 1 UP (green), 0 DOWN (red). */
    static List<ValueMapping> upDown() {
        return List.of(ValueMapping.values(new java.util.TreeMap<>(java.util.Map.of(
                "1", new ValueMapping.Result("UP", "green", 0),
                "0", new ValueMapping.Result("DOWN", "red", 1)))));
    }
}
