package io.glasscache.observability.dashboard.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The custom field options of a time series: how lines, bars, points, stacking, axes and threshold lines are drawn.
 * Unset options keep Grafana's defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GraphFieldConfig {
    public DrawStyle drawStyle;
    public LineInterpolation lineInterpolation;
    public Integer lineWidth;
    public Integer fillOpacity;
    public GradientMode gradientMode;
    public VisibilityMode showPoints;
    public Boolean spanNulls;
    public StackingConfig stacking;
    public ThresholdsStyleConfig thresholdsStyle;
    public AxisPlacement axisPlacement;
    public String axisLabel;
    public Double axisSoftMin;
    public Double axisSoftMax;
    public LineStyle lineStyle;

    public enum DrawStyle {
        @JsonProperty("line") LINE,
        @JsonProperty("bars") BARS,
        @JsonProperty("points") POINTS
    }

    public enum LineInterpolation {
        @JsonProperty("linear") LINEAR,
        @JsonProperty("smooth") SMOOTH,
        @JsonProperty("stepBefore") STEP_BEFORE,
        @JsonProperty("stepAfter") STEP_AFTER
    }

    public enum GradientMode {
        @JsonProperty("none") NONE,
        @JsonProperty("opacity") OPACITY,
        @JsonProperty("hue") HUE,
        @JsonProperty("scheme") SCHEME
    }

    public enum AxisPlacement {
        @JsonProperty("auto") AUTO,
        @JsonProperty("left") LEFT,
        @JsonProperty("right") RIGHT,
        @JsonProperty("hidden") HIDDEN
    }

    /** Stacking of the series: none, on top of each other, or as shares of 100 %. */
    public record StackingConfig(StackingMode mode, String group) {
    }

    public enum StackingMode {
        @JsonProperty("none") NONE,
        @JsonProperty("normal") NORMAL,
        @JsonProperty("percent") PERCENT
    }

    /** How thresholds are drawn on the graph: off, as lines, dashed lines, areas. */
    public record ThresholdsStyleConfig(ThresholdsStyleMode mode) {
    }

    public enum ThresholdsStyleMode {
        @JsonProperty("off") OFF,
        @JsonProperty("line") LINE,
        @JsonProperty("dashed") DASHED,
        @JsonProperty("area") AREA,
        @JsonProperty("line+area") LINE_AND_AREA
    }

    /** A line's style: {@code solid}, or {@code dash} with the dash and gap lengths. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineStyle(String fill, List<Integer> dash) {

        public static LineStyle dashed() {
            return new LineStyle("dash", List.of(10, 10));
        }
    }
}
