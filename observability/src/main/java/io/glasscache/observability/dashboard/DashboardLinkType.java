package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

public enum DashboardLinkType {
    /** A URL. */
    LINK("link"),
    /** The dashboards that carry the link's tags. */
    DASHBOARDS("dashboards");

    private final String value;

    DashboardLinkType(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
