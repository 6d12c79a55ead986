package io.glasscache.observability.rules;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A recording rule, named {@code level:metric:operations} as Prometheus' naming practice asks: the labels kept,
 * the metric, the operations applied (e.g. {@code job_instance_cache_name:..._requests:rate5m}).
 */
@JsonPropertyOrder({"record", "expr"})
public record RecordingRule(String record, @JsonIgnore String expr) implements Rule {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*");

    public RecordingRule {
        if (!NAME.matcher(record).matches()) {
            throw new IllegalArgumentException("a recording rule is named level:metric:operations: " + record);
        }
    }

    /** The expression as written to YAML: always a literal block, so PromQL needs no escaping. */
    @JsonProperty("expr")
    String yamlExpr() {
        return Rule.block(expr);
    }

    /** The labels the rule keeps, from its level: {@code job_instance_cache_name} keeps job, instance, cache_name. */
    public String level() {
        return record.substring(0, record.indexOf(':'));
    }
}
