package io.glasscache.observability.dashboard;

/** Builds a datasource variable: the user picks one data source of a plugin type (e.g. prometheus). */
public final class DatasourceVariableBuilder implements Builder<VariableModel> {

    private final VariableModel variable = new VariableModel();

    public DatasourceVariableBuilder(String name) {
        variable.type = VariableType.DATASOURCE;
        variable.name = name;
        variable.hide = VariableHide.DONT_HIDE;
        variable.refresh = VariableRefresh.ON_DASHBOARD_LOAD;
    }

    public DatasourceVariableBuilder label(String label) {
        variable.label = label;
        return this;
    }

    public DatasourceVariableBuilder description(String description) {
        variable.description = description;
        return this;
    }

    /** The data source plugin id, e.g. {@code prometheus}. */
    public DatasourceVariableBuilder type(String pluginId) {
        variable.query = pluginId;
        return this;
    }

    public DatasourceVariableBuilder regex(String regex) {
        variable.regex = regex;
        return this;
    }

    @Override
    public VariableModel build() {
        return variable;
    }
}
