package io.glasscache.observability.dashboard;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A template variable ({@code $name} in queries, titles and links). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "name", "label", "description", "hide", "datasource", "query", "regex", "current",
        "options", "multi", "includeAll", "allValue", "refresh", "sort"})
public class VariableModel {
    public VariableType type;
    public String name;
    public String label;
    public String description;
    public VariableHide hide;
    public DataSourceRef datasource;
    /** A Prometheus query variable's query ({@code label_values(metric{...}, label)}), or a datasource plugin id. */
    public String query;
    public String regex;
    public VariableOption current;
    public List<VariableOption> options;
    public Boolean multi;
    public Boolean includeAll;
    public String allValue;
    public VariableRefresh refresh;
    public VariableSort sort;
}
