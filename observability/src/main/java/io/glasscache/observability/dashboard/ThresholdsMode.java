package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum ThresholdsMode {
    @JsonProperty("absolute") ABSOLUTE,
    @JsonProperty("percentage") PERCENTAGE
}
