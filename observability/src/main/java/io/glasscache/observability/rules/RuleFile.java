package io.glasscache.observability.rules;

import java.util.List;

/** A Prometheus rule file: groups of recording and alerting rules. */
public record RuleFile(List<RuleGroup> groups) {

    public RuleFile {
        groups = List.copyOf(groups);
    }

    /** Every rule of every group, in order. */
    public List<Rule> rules() {
        return groups.stream().flatMap(g -> g.rules().stream()).toList();
    }

    public List<RecordingRule> recordingRules() {
        return rules().stream().filter(RecordingRule.class::isInstance).map(RecordingRule.class::cast).toList();
    }

    public List<AlertingRule> alertingRules() {
        return rules().stream().filter(AlertingRule.class::isInstance).map(AlertingRule.class::cast).toList();
    }
}
