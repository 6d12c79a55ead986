package io.glasscache.observability.dashboard.prometheus;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum PromQueryFormat {
    @JsonProperty("time_series") TIME_SERIES,
    @JsonProperty("table") TABLE,
    @JsonProperty("heatmap") HEATMAP
}
