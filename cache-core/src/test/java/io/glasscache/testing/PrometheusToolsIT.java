package io.glasscache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** promtool and amtool run for real and report success and failure through exit code and output. */
class PrometheusToolsIT {

    @TempDir
    Path dir;

    @Test
    void promtoolChecksAndUnitTestsRules() throws IOException {
        Files.writeString(dir.resolve("good.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: Up
                        expr: up == 0
                        for: 1m
                """);
        Files.writeString(dir.resolve("bad.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: Broken
                        expr: sum(rate(x[5m]) by
                """);
        Files.writeString(dir.resolve("good_test.yml"), """
                rule_files: [good.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'up{job="a"}'
                        values: '0x5'
                    alert_rule_test:
                      - eval_time: 3m
                        alertname: Up
                        exp_alerts:
                          - exp_labels: {job: a}
                """);
        PromtoolRunner promtool = new PromtoolRunner();

        ToolResult good = promtool.run(dir, "check", "rules", "good.yml");
        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(good.output()).contains("SUCCESS");

        ToolResult bad = promtool.run(dir, "check", "rules", "bad.yml");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("FAILED");

        ToolResult unit = promtool.run(dir, "test", "rules", "good_test.yml");
        assertThat(unit.exitCode()).as(unit.output()).isZero();
    }

    @Test
    void promtoolChecksMetricsText() {
        PromtoolRunner promtool = new PromtoolRunner();
        ToolResult ok = promtool.checkMetrics(dir, "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n");
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        ToolResult lint = promtool.checkMetrics(dir, "# HELP a A.\n# TYPE a counter\na 1\n");
        assertThat(lint.exitCode()).isNotZero();
        assertThat(lint.output()).contains("_total");
    }

    @Test
    void amtoolChecksAlertmanagerConfig() throws IOException {
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: team
                receivers:
                  - name: team
                """);
        Files.writeString(dir.resolve("broken.yml"), """
                route:
                  receiver: nobody
                receivers:
                  - name: team
                """);
        AmtoolRunner amtool = new AmtoolRunner();
        ToolResult good = amtool.run(dir, "check-config", "alertmanager.yml");
        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(good.output()).contains("SUCCESS");
        ToolResult broken = amtool.run(dir, "check-config", "broken.yml");
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.output()).contains("nobody");
    }
}
