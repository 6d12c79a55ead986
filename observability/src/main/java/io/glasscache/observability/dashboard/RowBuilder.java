package io.glasscache.observability.dashboard;

/** Builds a {@link RowPanel} and the panels under it. */
public final class RowBuilder implements Builder<RowPanel> {

    private final RowPanel row = new RowPanel();

    public RowBuilder(String title) {
        row.title = title;
    }

    public RowBuilder title(String title) {
        row.title = title;
        return this;
    }

    /** A collapsed row shows only its header until opened: for detail most readers do not need. */
    public RowBuilder collapsed(boolean collapsed) {
        row.collapsed = collapsed;
        return this;
    }

    public RowBuilder withPanel(Builder<Panel> panel) {
        row.panels.add(panel.build());
        return this;
    }

    @Override
    public RowPanel build() {
        return row;
    }
}
