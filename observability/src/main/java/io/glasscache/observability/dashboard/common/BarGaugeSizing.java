package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum BarGaugeSizing {
    @JsonProperty("auto") AUTO,
    @JsonProperty("manual") MANUAL
}
