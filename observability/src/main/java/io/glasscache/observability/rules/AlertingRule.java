package io.glasscache.observability.rules;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An alerting rule. Besides what Prometheus reads, it knows its {@link #probes()}: the expressions it compares with
 * its thresholds (its expression without the final comparisons), which must return series on live data, so that a
 * misspelt metric cannot pass for a quiet alert.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"alert", "expr", "for", "labels", "annotations"})
public record AlertingRule(
        String alert,
        @JsonIgnore String expr,
        @JsonProperty("for") String forDuration,
        Map<String, String> labels,
        Map<String, String> annotations,
        @JsonIgnore List<String> probes) implements Rule {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    public AlertingRule {
        if (!NAME.matcher(alert).matches()) {
            throw new IllegalArgumentException("alert names are CamelCase: " + alert);
        }
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        probes = List.copyOf(probes);
    }

    /** The expression as written to YAML: always a literal block, so PromQL needs no escaping. */
    @JsonProperty("expr")
    String yamlExpr() {
        return Rule.block(expr);
    }

    /** The {@code severity} label: info, warning or critical. */
    @JsonIgnore
    public String severity() {
        return labels.get("severity");
    }

    @Override
    @JsonProperty("labels")
    public Map<String, String> labels() {
        return new java.util.TreeMap<>(labels);
    }

    @Override
    @JsonProperty("annotations")
    public Map<String, String> annotations() {
        return new java.util.TreeMap<>(annotations);
    }
}
