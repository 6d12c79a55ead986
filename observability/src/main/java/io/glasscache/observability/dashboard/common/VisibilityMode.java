package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum VisibilityMode {
    @JsonProperty("auto") AUTO,
    @JsonProperty("never") NEVER,
    @JsonProperty("always") ALWAYS
}
