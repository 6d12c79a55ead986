package io.glasscache.observability.dashboard.bargauge;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.glasscache.observability.dashboard.common.BarGaugeSizing;
import io.glasscache.observability.dashboard.common.ReduceDataOptions;
import io.glasscache.observability.dashboard.common.VizLegendOptions;
import io.glasscache.observability.dashboard.common.VizOrientation;

/** Options of a bar gauge panel. */
public class Options {
    public DisplayMode displayMode = DisplayMode.GRADIENT;
    public String valueMode = "color";
    public String namePlacement = "auto";
    public boolean showUnfilled = true;
    public BarGaugeSizing sizing = BarGaugeSizing.AUTO;
    public int minVizWidth = 8;
    public int minVizHeight = 16;
    public VizLegendOptions legend = VizLegendOptions.hidden();
    public ReduceDataOptions reduceOptions = ReduceDataOptions.lastNotNull();
    public int maxVizHeight = 300;
    public VizOrientation orientation = VizOrientation.HORIZONTAL;

    public enum DisplayMode {
        @JsonProperty("basic") BASIC,
        @JsonProperty("lcd") LCD,
        @JsonProperty("gradient") GRADIENT
    }
}
