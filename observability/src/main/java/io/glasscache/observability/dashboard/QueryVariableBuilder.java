package io.glasscache.observability.dashboard;

/** Builds a query variable whose values come from the data source, e.g. {@code label_values(up, job)}. */
public final class QueryVariableBuilder implements Builder<VariableModel> {

    private final VariableModel variable = new VariableModel();

    public QueryVariableBuilder(String name) {
        variable.type = VariableType.QUERY;
        variable.name = name;
        variable.hide = VariableHide.DONT_HIDE;
        variable.refresh = VariableRefresh.ON_TIME_RANGE_CHANGED;
        variable.sort = VariableSort.ALPHABETICAL_ASC;
    }

    public QueryVariableBuilder label(String label) {
        variable.label = label;
        return this;
    }

    public QueryVariableBuilder description(String description) {
        variable.description = description;
        return this;
    }

    public QueryVariableBuilder hide(VariableHide hide) {
        variable.hide = hide;
        return this;
    }

    public QueryVariableBuilder query(String query) {
        variable.query = query;
        return this;
    }

    public QueryVariableBuilder datasource(DataSourceRef datasource) {
        variable.datasource = datasource;
        return this;
    }

    public QueryVariableBuilder current(VariableOption current) {
        variable.current = current;
        return this;
    }

    public QueryVariableBuilder refresh(VariableRefresh refresh) {
        variable.refresh = refresh;
        return this;
    }

    public QueryVariableBuilder sort(VariableSort sort) {
        variable.sort = sort;
        return this;
    }

    public QueryVariableBuilder multi(boolean multi) {
        variable.multi = multi;
        return this;
    }

    public QueryVariableBuilder includeAll(boolean includeAll) {
        variable.includeAll = includeAll;
        return this;
    }

    /** What "All" stands for in queries, e.g. {@code .*} (else Grafana lists every value). */
    public QueryVariableBuilder allValue(String allValue) {
        variable.allValue = allValue;
        return this;
    }

    public QueryVariableBuilder regex(String regex) {
        variable.regex = regex;
        return this;
    }

    @Override
    public VariableModel build() {
        return variable;
    }
}
