package io.glasscache.observability.dashboard;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A link in a dashboard's header (or a panel's): to a URL, or to the dashboards carrying some tags. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"title", "type", "url", "icon", "tooltip", "tags", "asDropdown", "targetBlank", "includeVars",
        "keepTime"})
public class DashboardLink {
    public String title;
    public DashboardLinkType type = DashboardLinkType.LINK;
    public String url;
    public String icon = "";
    public String tooltip = "";
    public List<String> tags = List.of();
    public boolean asDropdown;
    public boolean targetBlank;
    public boolean includeVars;
    public boolean keepTime;
}
