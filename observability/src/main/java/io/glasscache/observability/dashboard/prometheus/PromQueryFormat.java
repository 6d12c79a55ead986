package io.glasscache.observability.dashboard.prometheus;

import com.fasterxml.jackson.annotation.JsonValue;

public enum PromQueryFormat {
    TIME_SERIES("time_series"),
    TABLE("table"),
    HEATMAP("heatmap");

    private final String value;

    PromQueryFormat(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
