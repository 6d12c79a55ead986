package io.glasscache.observability.dashboard.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A panel's legend.
 *
 * @param calcs reductions shown beside each series, e.g. {@code lastNotNull}, {@code max}
 */
public record VizLegendOptions(DisplayMode displayMode, Placement placement, boolean showLegend, List<String> calcs) {

    public static VizLegendOptions list() {
        return new VizLegendOptions(DisplayMode.LIST, Placement.BOTTOM, true, List.of());
    }

    public static VizLegendOptions table(List<String> calcs) {
        return new VizLegendOptions(DisplayMode.TABLE, Placement.BOTTOM, true, List.copyOf(calcs));
    }

    public static VizLegendOptions hidden() {
        return new VizLegendOptions(DisplayMode.HIDDEN, Placement.BOTTOM, false, List.of());
    }

    public enum DisplayMode {
        @JsonProperty("list") LIST,
        @JsonProperty("table") TABLE,
        @JsonProperty("hidden") HIDDEN
    }

    public enum Placement {
        @JsonProperty("bottom") BOTTOM,
        @JsonProperty("right") RIGHT
    }
}
