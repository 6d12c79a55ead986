package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasscache.observability.rules.RecordingRule;
import io.glasscache.observability.rules.RuleFile;
import io.glasscache.observability.rules.RuleGroup;
import io.glasscache.observability.rules.Yaml;
import io.glasscache.testing.PromtoolRunner;
import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard query is valid PromQL: with Grafana's variables substituted, each target (and each variable's
 * label_values selector) is written as a recording rule and checked by {@code promtool check rules}. A broken query
 * fails it.
 */
class DashboardPromqlIT {

    private final PromtoolRunner promtool = new PromtoolRunner();

    /** Grafana's built-in and the dashboards' variables, replaced as Grafana would before querying. */
    static String substitute(String expr, Map<String, String> variables) {
        String out = expr.replace("$__rate_interval", variables.getOrDefault("__rate_interval", "1m"))
                .replace("$__interval", "1m").replace("$__range", "1h");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
        }
        return out.replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", ".*");
    }

    /** Every query of {@code dashboard}: panel targets, and the selectors of label_values variables. */
    static List<String[]> queries(JsonNode dashboard) {
        List<String[]> queries = new ArrayList<>();
        for (JsonNode panel : Dashboards.panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new String[] {"panel '" + panel.path("title").asText() + "' " + target.path("refId")
                        .asText(), target.path("expr").asText()});
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String query = v.path("query").asText();
            if (query.startsWith("label_values(")) {
                queries.add(new String[] {"variable " + v.path("name").asText(),
                        query.substring("label_values(".length(), query.lastIndexOf(','))});
            }
        }
        return queries;
    }

    @Test
    void everyQueryOfEveryDashboardIsValidPromql(@TempDir Path dir) throws IOException {
        List<RecordingRule> rules = new ArrayList<>();
        Dashboards.generated().forEach((file, dashboard) -> {
            int n = 0;
            for (String[] query : queries(dashboard)) {
                rules.add(new RecordingRule("dashboard:" + file.replaceAll("\\W", "_") + ":query_" + n++,
                        substitute(query[1], Map.of())));
            }
        });
        assertThat(rules).hasSizeGreaterThan(100);
        ToolResult result = check(dir, rules);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    void aBrokenQueryFailsTheCheck(@TempDir Path dir) throws IOException {
        ToolResult result = check(dir, List.of(new RecordingRule("dashboard:broken:query",
                "sum by (cache_name (rate(x_total[1m]))")));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("dashboard:broken:query");
    }

    private ToolResult check(Path dir, List<RecordingRule> rules) throws IOException {
        Files.writeString(dir.resolve("queries.yml"), Yaml.write("dashboard queries as rules",
                new RuleFile(List.of(new RuleGroup("dashboard-queries", null, new ArrayList<>(rules))))));
        return promtool.run(dir, "check", "rules", "queries.yml");
    }
}
