package io.glasscache.observability.dashboard.timeseries;

import io.glasscache.observability.dashboard.PanelBuilderBase;
import io.glasscache.observability.dashboard.common.GraphFieldConfig;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.AxisPlacement;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.DrawStyle;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.LineInterpolation;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.StackingConfig;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.StackingMode;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.ThresholdsStyleConfig;
import io.glasscache.observability.dashboard.common.GraphFieldConfig.ThresholdsStyleMode;
import io.glasscache.observability.dashboard.common.VisibilityMode;
import io.glasscache.observability.dashboard.common.VizLegendOptions;
import io.glasscache.observability.dashboard.common.VizTooltipOptions;

/** Builds a time series panel ({@code type: timeseries}). */
public final class PanelBuilder extends PanelBuilderBase<PanelBuilder> {

    private final Options options = new Options();
    private final GraphFieldConfig custom = new GraphFieldConfig();

    public PanelBuilder() {
        super("timeseries");
        panel.options = options;
        defaults().custom = custom;
        custom.lineWidth = 1;
        custom.fillOpacity = 10;
        custom.showPoints = VisibilityMode.NEVER;
    }

    public PanelBuilder legend(VizLegendOptions legend) {
        options.legend = legend;
        return this;
    }

    public PanelBuilder tooltip(VizTooltipOptions tooltip) {
        options.tooltip = tooltip;
        return this;
    }

    public PanelBuilder drawStyle(DrawStyle drawStyle) {
        custom.drawStyle = drawStyle;
        return this;
    }

    public PanelBuilder lineInterpolation(LineInterpolation interpolation) {
        custom.lineInterpolation = interpolation;
        return this;
    }

    public PanelBuilder lineWidth(int lineWidth) {
        custom.lineWidth = lineWidth;
        return this;
    }

    public PanelBuilder fillOpacity(int fillOpacity) {
        custom.fillOpacity = fillOpacity;
        return this;
    }

    public PanelBuilder showPoints(VisibilityMode showPoints) {
        custom.showPoints = showPoints;
        return this;
    }

    public PanelBuilder spanNulls(boolean spanNulls) {
        custom.spanNulls = spanNulls;
        return this;
    }

    public PanelBuilder stacking(StackingMode mode) {
        custom.stacking = new StackingConfig(mode, "A");
        return this;
    }

    /** Draw the thresholds on the graph, e.g. the SLO line. */
    public PanelBuilder thresholdsStyle(ThresholdsStyleMode mode) {
        custom.thresholdsStyle = new ThresholdsStyleConfig(mode);
        return this;
    }

    public PanelBuilder axisPlacement(AxisPlacement placement) {
        custom.axisPlacement = placement;
        return this;
    }

    public PanelBuilder axisLabel(String label) {
        custom.axisLabel = label;
        return this;
    }

    public PanelBuilder axisSoftMin(double min) {
        custom.axisSoftMin = min;
        return this;
    }

    public PanelBuilder axisSoftMax(double max) {
        custom.axisSoftMax = max;
        return this;
    }
}
