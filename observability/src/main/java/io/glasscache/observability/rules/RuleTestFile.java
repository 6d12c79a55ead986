package io.glasscache.observability.rules;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A promtool unit test file ({@code promtool test rules}). */
@JsonPropertyOrder({"rule_files", "evaluation_interval", "tests"})
public record RuleTestFile(
        @JsonProperty("rule_files") List<String> ruleFiles,
        @JsonProperty("evaluation_interval") String evaluationInterval,
        List<TestGroup> tests) {

    /** A test group: input series sampled every {@code interval}, and what to expect at given times. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "interval", "input_series", "alert_rule_test", "promql_expr_test"})
    public record TestGroup(
            String name,
            String interval,
            @JsonProperty("input_series") List<Series> inputSeries,
            @JsonProperty("alert_rule_test") List<AlertTest> alertRuleTest,
            @JsonProperty("promql_expr_test") List<ExprTest> promqlExprTest) {
    }

    /** An input series in promtool's expanding notation, e.g. {@code 0+60x40}. */
    public record Series(String series, String values) {
    }

    /** The alerts named {@code alertname} firing at {@code eval_time}: exactly these (none for a quiet case). */
    @JsonPropertyOrder({"eval_time", "alertname", "exp_alerts"})
    public record AlertTest(
            @JsonProperty("eval_time") String evalTime,
            String alertname,
            @JsonProperty("exp_alerts") List<ExpectedAlert> expAlerts) {
    }

    @JsonPropertyOrder({"exp_labels", "exp_annotations"})
    public record ExpectedAlert(
            @JsonProperty("exp_labels") java.util.SortedMap<String, String> expLabels,
            @JsonProperty("exp_annotations") java.util.SortedMap<String, String> expAnnotations) {
    }

    /** An expression's samples at {@code eval_time}. */
    @JsonPropertyOrder({"expr", "eval_time", "exp_samples"})
    public record ExprTest(@com.fasterxml.jackson.annotation.JsonIgnore String expr,
                           @JsonProperty("eval_time") String evalTime,
                           @JsonProperty("exp_samples") List<Sample> expSamples) {

        /** The expression as written to YAML: a literal block, as in rule files. */
        @JsonProperty("expr")
        String yamlExpr() {
            return Rule.block(expr);
        }
    }

    public record Sample(String labels, double value) {
    }
}
