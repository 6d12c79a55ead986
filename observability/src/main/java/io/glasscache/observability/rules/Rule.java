package io.glasscache.observability.rules;

/** A recording or an alerting rule. */
public sealed interface Rule permits RecordingRule, AlertingRule {

    /** The PromQL expression. */
    String expr();

    /** {@code expr} ending in a newline, which makes the YAML writer use a literal block. */
    static String block(String expr) {
        return expr.endsWith("\n") ? expr : expr + "\n";
    }
}
