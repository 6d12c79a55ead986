package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonValue;

public enum VizOrientation {
    AUTO("auto"), VERTICAL("vertical"), HORIZONTAL("horizontal");

    private final String value;

    VizOrientation(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
