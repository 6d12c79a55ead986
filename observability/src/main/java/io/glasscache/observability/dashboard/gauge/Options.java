package io.glasscache.observability.dashboard.gauge;

import io.glasscache.observability.dashboard.common.BarGaugeSizing;
import io.glasscache.observability.dashboard.common.ReduceDataOptions;
import io.glasscache.observability.dashboard.common.VizOrientation;

/** Options of a gauge panel. */
public class Options {
    public boolean showThresholdLabels;
    public boolean showThresholdMarkers = true;
    public BarGaugeSizing sizing = BarGaugeSizing.AUTO;
    public int minVizWidth = 75;
    public ReduceDataOptions reduceOptions = ReduceDataOptions.lastNotNull();
    public int minVizHeight = 75;
    public VizOrientation orientation = VizOrientation.AUTO;
}
