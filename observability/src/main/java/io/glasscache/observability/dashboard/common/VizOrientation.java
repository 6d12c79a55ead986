package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum VizOrientation {
    @JsonProperty("auto") AUTO,
    @JsonProperty("vertical") VERTICAL,
    @JsonProperty("horizontal") HORIZONTAL
}
