package io.glasscache.observability.dashboard;

import java.util.List;

/** Builds a {@link DashboardLink}. */
public final class DashboardLinkBuilder implements Builder<DashboardLink> {

    private final DashboardLink link = new DashboardLink();

    public DashboardLinkBuilder(String title) {
        link.title = title;
    }

    public DashboardLinkBuilder type(DashboardLinkType type) {
        link.type = type;
        return this;
    }

    public DashboardLinkBuilder url(String url) {
        link.url = url;
        return this;
    }

    public DashboardLinkBuilder icon(String icon) {
        link.icon = icon;
        return this;
    }

    public DashboardLinkBuilder tooltip(String tooltip) {
        link.tooltip = tooltip;
        return this;
    }

    public DashboardLinkBuilder tags(List<String> tags) {
        link.tags = List.copyOf(tags);
        return this;
    }

    public DashboardLinkBuilder asDropdown(boolean asDropdown) {
        link.asDropdown = asDropdown;
        return this;
    }

    public DashboardLinkBuilder targetBlank(boolean targetBlank) {
        link.targetBlank = targetBlank;
        return this;
    }

    /** Carry the current template variables over to the linked dashboard. */
    public DashboardLinkBuilder includeVars(boolean includeVars) {
        link.includeVars = includeVars;
        return this;
    }

    /** Carry the current time range over to the linked dashboard. */
    public DashboardLinkBuilder keepTime(boolean keepTime) {
        link.keepTime = keepTime;
        return this;
    }

    @Override
    public DashboardLink build() {
        return link;
    }
}
