package io.glasscache.observability.dashboard.stat;

import io.glasscache.observability.dashboard.PanelBuilderBase;
import io.glasscache.observability.dashboard.common.ReduceDataOptions;
import io.glasscache.observability.dashboard.common.VizOrientation;

/** Builds a stat panel ({@code type: stat}): one big value per series. */
public final class PanelBuilder extends PanelBuilderBase<PanelBuilder> {

    private final Options options = new Options();

    public PanelBuilder() {
        super("stat");
        panel.options = options;
        panel.gridPos = panel.gridPos.withSize(4, 4);
    }

    public PanelBuilder graphMode(Options.GraphMode graphMode) {
        options.graphMode = graphMode;
        return this;
    }

    public PanelBuilder colorMode(Options.ColorMode colorMode) {
        options.colorMode = colorMode;
        return this;
    }

    public PanelBuilder textMode(Options.TextMode textMode) {
        options.textMode = textMode;
        return this;
    }

    public PanelBuilder justifyMode(Options.JustifyMode justifyMode) {
        options.justifyMode = justifyMode;
        return this;
    }

    public PanelBuilder reduceOptions(ReduceDataOptions reduceOptions) {
        options.reduceOptions = reduceOptions;
        return this;
    }

    public PanelBuilder orientation(VizOrientation orientation) {
        options.orientation = orientation;
        return this;
    }
}
