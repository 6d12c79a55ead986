package io.glasscache.observability.dashboard.heatmap;

import io.glasscache.observability.dashboard.PanelBuilderBase;

/** Builds a heatmap panel ({@code type: heatmap}) of histogram buckets over time. */
public final class PanelBuilder extends PanelBuilderBase<PanelBuilder> {

    private final Options options = new Options();

    public PanelBuilder() {
        super("heatmap");
        panel.options = options;
        defaults().custom = new FieldConfig();
    }

    /** The unit of the bucket bounds (the y axis); also set as the panel's unit. */
    @Override
    public PanelBuilder unit(String unit) {
        options.yAxis = new Options.YAxis(unit, options.yAxis.axisPlacement(), options.yAxis.reverse());
        return super.unit(unit);
    }

    public PanelBuilder colorScheme(String scheme) {
        Options.Color c = options.color;
        options.color = new Options.Color(c.mode(), scheme, c.fill(), c.scale(), c.exponent(), c.steps(),
                c.reverse());
        return this;
    }
}
