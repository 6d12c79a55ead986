package io.glasscache.observability.dashboard.bargauge;

import io.glasscache.observability.dashboard.PanelBuilderBase;
import io.glasscache.observability.dashboard.common.ReduceDataOptions;
import io.glasscache.observability.dashboard.common.VizOrientation;

/** Builds a bar gauge panel ({@code type: bargauge}): one bar per series, e.g. usage per instance. */
public final class PanelBuilder extends PanelBuilderBase<PanelBuilder> {

    private final Options options = new Options();

    public PanelBuilder() {
        super("bargauge");
        panel.options = options;
    }

    public PanelBuilder displayMode(Options.DisplayMode displayMode) {
        options.displayMode = displayMode;
        return this;
    }

    public PanelBuilder orientation(VizOrientation orientation) {
        options.orientation = orientation;
        return this;
    }

    public PanelBuilder reduceOptions(ReduceDataOptions reduceOptions) {
        options.reduceOptions = reduceOptions;
        return this;
    }
}
