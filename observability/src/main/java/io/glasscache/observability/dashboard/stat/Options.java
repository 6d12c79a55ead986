package io.glasscache.observability.dashboard.stat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.glasscache.observability.dashboard.common.ReduceDataOptions;
import io.glasscache.observability.dashboard.common.VizOrientation;

/** Options of a stat panel (Grafana's defaults, as the Foundation SDK sets them). */
public class Options {
    public GraphMode graphMode = GraphMode.AREA;
    public ColorMode colorMode = ColorMode.VALUE;
    public JustifyMode justifyMode = JustifyMode.AUTO;
    public TextMode textMode = TextMode.AUTO;
    public boolean wideLayout = true;
    public boolean showPercentChange;
    public ReduceDataOptions reduceOptions = ReduceDataOptions.lastNotNull();
    public String percentChangeColorMode = "standard";
    public VizOrientation orientation = VizOrientation.AUTO;

    public enum GraphMode {
        @JsonProperty("none") NONE,
        @JsonProperty("line") LINE,
        @JsonProperty("area") AREA
    }

    public enum ColorMode {
        @JsonProperty("value") VALUE,
        @JsonProperty("background") BACKGROUND,
        @JsonProperty("none") NONE
    }

    public enum JustifyMode {
        @JsonProperty("auto") AUTO,
        @JsonProperty("center") CENTER
    }

    public enum TextMode {
        @JsonProperty("auto") AUTO,
        @JsonProperty("value") VALUE,
        @JsonProperty("value_and_name") VALUE_AND_NAME,
        @JsonProperty("name") NAME,
        @JsonProperty("none") NONE
    }
}
