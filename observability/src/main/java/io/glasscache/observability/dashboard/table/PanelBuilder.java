package io.glasscache.observability.dashboard.table;

import java.util.List;

import io.glasscache.observability.dashboard.PanelBuilderBase;

/** Builds a table panel ({@code type: table}), e.g. one row per memcached server from instant queries. */
public final class PanelBuilder extends PanelBuilderBase<PanelBuilder> {

    private final Options options = new Options();
    private final FieldConfig custom = new FieldConfig();

    public PanelBuilder() {
        super("table");
        panel.options = options;
        defaults().custom = custom;
    }

    public PanelBuilder sortBy(String column, boolean descending) {
        options.sortBy = List.of(new Options.SortBy(column, descending));
        return this;
    }

    /** Draw every numeric cell this way, e.g. {@code color-background} to colour cells by thresholds. */
    public PanelBuilder cellType(String type) {
        custom.cellOptions = new FieldConfig.CellOptions(type);
        return this;
    }
}
