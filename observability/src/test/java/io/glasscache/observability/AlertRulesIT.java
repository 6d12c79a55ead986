package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.glasscache.testing.PromtoolRunner;
import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule file under deploy/prometheus/rules is valid, and its promtool unit tests pass. */
class AlertRulesIT {

    private final PromtoolRunner promtool = new PromtoolRunner();

    @Test
    void ruleFilesAreValid() throws IOException {
        List<Path> files = yamlFiles(RepoPaths.rules());
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            ToolResult result = promtool.run(RepoPaths.rules(), "check", "rules", file.getFileName().toString());
            assertThat(result.exitCode()).as(file + ":\n" + result.output()).isZero();
        }
    }

    @Test
    void unitTestsOfTheAlertsPass() throws IOException {
        Path tests = RepoPaths.rules().resolve("tests");
        List<Path> files = yamlFiles(tests);
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("glasscache-alerts_test.yml");
        for (Path file : files) {
            ToolResult result = promtool.run(tests, "test", "rules", file.getFileName().toString());
            assertThat(result.exitCode()).as(file + ":\n" + result.output()).isZero();
            assertThat(result.output()).contains("SUCCESS");
        }
    }

    @Test
    void theUnitTestsCanFail(@TempDir Path dir) throws IOException {
        // The same 50% miss series, now expected quiet: promtool must reject it, or the tests above prove nothing.
        Files.writeString(dir.resolve("wrong_test.yml"), """
                rule_files: ['%s']
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'model_serving_feature_cache_requests_total{cache_name="c",operation="get"}'
                        values: '0+100x20'
                      - series: 'model_serving_feature_cache_hits_total{cache_name="c",operation="get",tier="l1"}'
                        values: '0+50x20'
                    alert_rule_test:
                      - eval_time: 15m
                        alertname: HighCacheMissRate
                        exp_alerts: []
                """.formatted(RepoPaths.rules().resolve("glasscache-alerts.yml")));
        ToolResult result = promtool.run(dir, "test", "rules", "wrong_test.yml");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("HighCacheMissRate");
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
