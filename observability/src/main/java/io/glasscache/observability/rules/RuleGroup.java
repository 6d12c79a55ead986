package io.glasscache.observability.rules;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A rule group: evaluated together, in order, every {@code interval} (null: Prometheus' global
 * {@code evaluation_interval}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "interval", "rules"})
public record RuleGroup(String name, String interval, List<Rule> rules) {

    public RuleGroup {
        rules = List.copyOf(rules);
    }
}
