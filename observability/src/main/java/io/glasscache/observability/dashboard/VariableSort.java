package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

public enum VariableSort {
    DISABLED(0),
    ALPHABETICAL_ASC(1),
    NATURAL_ASC(7);

    private final int value;

    VariableSort(int value) {
        this.value = value;
    }

    @JsonValue
    public int value() {
        return value;
    }
}
