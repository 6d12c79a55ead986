package io.glasscache.observability.dashboard.timeseries;

import io.glasscache.observability.dashboard.common.VizLegendOptions;
import io.glasscache.observability.dashboard.common.VizTooltipOptions;

/** Options of a time series panel. */
public class Options {
    public VizLegendOptions legend = VizLegendOptions.list();
    public VizTooltipOptions tooltip = VizTooltipOptions.allDescending();
}
