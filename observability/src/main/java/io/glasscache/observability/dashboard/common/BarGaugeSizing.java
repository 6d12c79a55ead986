package io.glasscache.observability.dashboard.common;

import com.fasterxml.jackson.annotation.JsonValue;

public enum BarGaugeSizing {
    AUTO("auto"), MANUAL("manual");

    private final String value;

    BarGaugeSizing(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
