package io.glasscache.observability.dashboard.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

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
        LINE("line"), BARS("bars"), POINTS("points");

        private final String value;

        DrawStyle(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum LineInterpolation {
        LINEAR("linear"), SMOOTH("smooth"), STEP_BEFORE("stepBefore"), STEP_AFTER("stepAfter");

        private final String value;

        LineInterpolation(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum GradientMode {
        NONE("none"), OPACITY("opacity"), HUE("hue"), SCHEME("scheme");

        private final String value;

        GradientMode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum AxisPlacement {
        AUTO("auto"), LEFT("left"), RIGHT("right"), HIDDEN("hidden");

        private final String value;

        AxisPlacement(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** Stacking of the series: none, on top of each other, or as shares of 100 %. */
    public record StackingConfig(StackingMode mode, String group) {
    }

    public enum StackingMode {
        NONE("none"), NORMAL("normal"), PERCENT("percent");

        private final String value;

        StackingMode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** How thresholds are drawn on the graph: off, as lines, dashed lines, areas. */
    public record ThresholdsStyleConfig(ThresholdsStyleMode mode) {
    }

    public enum ThresholdsStyleMode {
        OFF("off"), LINE("line"), DASHED("dashed"), AREA("area"), LINE_AND_AREA("line+area");

        private final String value;

        ThresholdsStyleMode(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** A line's style: {@code solid}, or {@code dash} with the dash and gap lengths. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineStyle(String fill, List<Integer> dash) {

        public static LineStyle dashed() {
            return new LineStyle("dash", List.of(10, 10));
        }
    }
}
