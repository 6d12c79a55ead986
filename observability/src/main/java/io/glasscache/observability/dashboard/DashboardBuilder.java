package io.glasscache.observability.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Dashboard}, in the shape of the Grafana Foundation SDK's {@code DashboardBuilder}: fluent setters,
 * {@code withPanel}, {@code withRow}, {@code withVariable}, {@code link}, {@code build()}.
 *
 * <p>Panels are laid out left to right in the order they are added, each {@code span} columns wide and
 * {@code height} rows high (see the panel builders), wrapping to a new line when the next one would not fit in the
 * grid's 24 columns; a row starts a new line. A panel given an explicit position keeps it (and the linter checks it).
 * Panels and rows get ids 1, 2, 3... in document order.
 */
public final class DashboardBuilder implements Builder<Dashboard> {

    private final Dashboard dashboard = new Dashboard();
    private final List<PanelOrRow> panels = new ArrayList<>();
    private final Cursor cursor = new Cursor();

    public DashboardBuilder(String title) {
        dashboard.title = title;
        dashboard.timezone = "browser";
        dashboard.editable = true;
        dashboard.graphTooltip = DashboardCursorSync.OFF.value();
        dashboard.fiscalYearStartMonth = 0;
        dashboard.schemaVersion = Dashboard.SCHEMA_VERSION;
    }

    public DashboardBuilder uid(String uid) {
        dashboard.uid = uid;
        return this;
    }

    public DashboardBuilder title(String title) {
        dashboard.title = title;
        return this;
    }

    public DashboardBuilder description(String description) {
        dashboard.description = description;
        return this;
    }

    public DashboardBuilder tags(List<String> tags) {
        dashboard.tags = List.copyOf(tags);
        return this;
    }

    public DashboardBuilder timezone(String timezone) {
        dashboard.timezone = timezone;
        return this;
    }

    public DashboardBuilder editable() {
        dashboard.editable = true;
        return this;
    }

    public DashboardBuilder readonly() {
        dashboard.editable = false;
        return this;
    }

    public DashboardBuilder tooltip(DashboardCursorSync sync) {
        dashboard.graphTooltip = sync.value();
        return this;
    }

    public DashboardBuilder time(String from, String to) {
        dashboard.time = new Dashboard.TimeRange(from, to);
        return this;
    }

    public DashboardBuilder refresh(String refresh) {
        dashboard.refresh = refresh;
        return this;
    }

    public DashboardBuilder liveNow(boolean liveNow) {
        dashboard.liveNow = liveNow;
        return this;
    }

    public DashboardBuilder withVariable(Builder<VariableModel> variable) {
        dashboard.templating.list.add(variable.build());
        return this;
    }

    public DashboardBuilder link(Builder<DashboardLink> link) {
        if (dashboard.links == null) {
            dashboard.links = new ArrayList<>();
        }
        dashboard.links.add(link.build());
        return this;
    }

    public DashboardBuilder withPanel(Builder<Panel> panel) {
        Panel built = panel.build();
        cursor.place(built);
        panels.add(built);
        return this;
    }

    public DashboardBuilder withRow(Builder<RowPanel> row) {
        RowPanel built = row.build();
        cursor.newLine();
        built.gridPos = new GridPos(1, GridPos.COLUMNS, 0, cursor.y);
        cursor.y++;
        panels.add(built);
        if (built.collapsed) {
            // A collapsed row keeps its panels; they open below it and push what follows down.
            Cursor inside = new Cursor();
            inside.y = cursor.y;
            built.panels.forEach(inside::place);
        } else {
            built.panels.forEach(cursor::place);
            panels.addAll(built.panels);
            built.panels = new ArrayList<>();
        }
        return this;
    }

    @Override
    public Dashboard build() {
        int id = 1;
        for (PanelOrRow entry : panels) {
            if (entry instanceof RowPanel row) {
                row.id = id++;
                for (Panel panel : row.panels) {
                    panel.id = id++;
                }
            } else if (entry instanceof Panel panel) {
                panel.id = id++;
            }
        }
        dashboard.panels = List.copyOf(panels);
        return dashboard;
    }

    /** Flow layout on the 24-column grid. */
    private static final class Cursor {
        int x;
        int y;
        int lineHeight;

        void place(Panel panel) {
            GridPos pos = panel.gridPos == null ? PanelBuilderBase.DEFAULT_SIZE : panel.gridPos;
            if (pos.x() >= 0 && pos.y() >= 0) {
                return; // given an explicit position
            }
            if (x > 0 && x + pos.w() > GridPos.COLUMNS) {
                newLine();
            }
            panel.gridPos = pos.at(x, y);
            x += pos.w();
            lineHeight = Math.max(lineHeight, pos.h());
            if (x >= GridPos.COLUMNS) {
                newLine();
            }
        }

        void newLine() {
            if (x > 0 || lineHeight > 0) {
                y += lineHeight;
            }
            x = 0;
            lineHeight = 0;
        }
    }
}
