package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonValue;

public enum VisibilityMode {
    AUTO("auto"), NEVER("never"), ALWAYS("always");

    private final String value;

    VisibilityMode(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
