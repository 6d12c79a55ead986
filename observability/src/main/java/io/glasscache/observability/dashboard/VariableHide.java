package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

public enum VariableHide {
    DONT_HIDE(0),
    HIDE_LABEL(1),
    HIDE_VARIABLE(2);

    private final int value;

    VariableHide(int value) {
        this.value = value;
    }

    @JsonValue
    public int value() {
        return value;
    }
}
