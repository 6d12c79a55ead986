package io.glasscache.observability.dashboard.gauge;

import io.glasscache.observability.dashboard.PanelBuilderBase;
import io.glasscache.observability.dashboard.common.ReduceDataOptions;

/** Builds a gauge panel ({@code type: gauge}): a value on a dial between min and max, coloured by thresholds. */
public final class PanelBuilder extends PanelBuilderBase<PanelBuilder> {

    private final Options options = new Options();

    public PanelBuilder() {
        super("gauge");
        panel.options = options;
        panel.gridPos = panel.gridPos.withSize(4, 4);
    }

    public PanelBuilder showThresholdLabels(boolean show) {
        options.showThresholdLabels = show;
        return this;
    }

    public PanelBuilder showThresholdMarkers(boolean show) {
        options.showThresholdMarkers = show;
        return this;
    }

    public PanelBuilder reduceOptions(ReduceDataOptions reduceOptions) {
        options.reduceOptions = reduceOptions;
        return this;
    }
}
