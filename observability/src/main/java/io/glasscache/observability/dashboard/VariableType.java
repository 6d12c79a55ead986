package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum VariableType {
    @JsonProperty("query") QUERY,
    @JsonProperty("datasource") DATASOURCE,
    @JsonProperty("custom") CUSTOM,
    @JsonProperty("constant") CONSTANT
}
