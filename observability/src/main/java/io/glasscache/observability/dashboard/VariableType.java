package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

public enum VariableType {
    QUERY("query"),
    DATASOURCE("datasource"),
    CUSTOM("custom"),
    CONSTANT("constant");

    private final String value;

    VariableType(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
