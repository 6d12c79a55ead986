package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

/** When a query variable's values are reloaded. */
public enum VariableRefresh {
    NEVER(0),
    ON_DASHBOARD_LOAD(1),
    ON_TIME_RANGE_CHANGED(2);

    private final int value;

    VariableRefresh(int value) {
        this.value = value;
    }

    @JsonValue
    public int value() {
        return value;
    }
}
