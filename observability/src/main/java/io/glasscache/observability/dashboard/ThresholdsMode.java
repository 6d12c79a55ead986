package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

public enum ThresholdsMode {
    ABSOLUTE("absolute"),
    PERCENTAGE("percentage");

    private final String value;

    ThresholdsMode(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
