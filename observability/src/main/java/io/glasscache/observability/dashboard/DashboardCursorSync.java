package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether panels share a crosshair or tooltip ({@code graphTooltip}). */
public enum DashboardCursorSync {
    OFF(0),
    CROSSHAIR(1),
    TOOLTIP(2);

    private final int value;

    DashboardCursorSync(int value) {
        this.value = value;
    }

    @JsonValue
    public int value() {
        return value;
    }
}
