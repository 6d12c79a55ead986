package io.glasscache.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum DashboardLinkType {
    /** A URL. */
    @JsonProperty("link") LINK,
    /** The dashboards that carry the link's tags. */
    @JsonProperty("dashboards") DASHBOARDS
}
