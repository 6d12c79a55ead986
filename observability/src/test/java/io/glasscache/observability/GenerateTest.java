package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasscache.observability.lint.PromQl;
import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;
import io.glasscache.observability.rules.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator as a user runs it: one command, their prefix, jobs, selectors and thresholds. */
class GenerateTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

    @Test
    void aUserRegeneratesEverythingForTheirPrefixJobsSelectorsAndThresholds(@TempDir Path dir) throws IOException {
        int status = Generate.run(new String[] {"--out", dir.toString(), "--prefix", "ml.features",
                "--app-job", "recsys", "--memcached-job", "mc-exporter", "--selector", "cluster=\"eu-1\"",
                "--selector", "namespace=\"ml\"", "--threshold", "cacheMissRatio=0.25",
                "--demo", "failoverCache=pages"}, print);
        assertThat(status).isZero();
        List<Path> files = files(dir);
        assertThat(files).hasSize(8);
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(text).as(file.toString()).doesNotContain("model_serving").doesNotContain("inference-demo")
                    .doesNotContain("job=~\"memcached\"");
        }
        GlassCacheMixin mixin = new GlassCacheMixin(MixinConfig.defaults().withPrefix("ml.features")
                .withJobs("recsys", "mc-exporter").withSelectors(List.of("cluster=\"eu-1\"", "namespace=\"ml\"")));
        for (Rule rule : mixin.recordingRules().rules()) {
            assertEverySelectorCarriesTheSelectors(rule.expr());
        }
        for (Rule rule : mixin.alertRules().rules()) {
            assertEverySelectorCarriesTheSelectors(rule.expr());
        }
        for (JsonNode dashboard : Dashboards.of(mixin).values()) {
            for (JsonNode panel : Dashboards.panels(dashboard)) {
                panel.path("targets").forEach(t -> assertEverySelectorCarriesTheSelectors(t.path("expr").asText()));
            }
            dashboard.path("templating").path("list").forEach(v -> {
                if (v.path("type").asText().equals("query")) {
                    assertThat(v.path("query").asText()).contains("cluster=\"eu-1\"", "namespace=\"ml\"");
                }
            });
        }
        assertThat(Files.readString(dir.resolve("rules/glasscache-alerts.yml")))
                .contains("ml_features_get_misses_per_requests:ratio_rate5m > 0.25")
                .contains("cluster_namespace_job_instance_cache_name:");
        assertThat(Files.readString(dir.resolve("dashboards/failover.json"))).contains("\"text\": \"pages\"");
    }

    /**
     * A raw series is read with the selectors; a recorded one was recorded from such series, and on dashboards is
     * read with them too.
     */
    private static void assertEverySelectorCarriesTheSelectors(String expr) {
        for (PromQl.Selector s : PromQl.selectors(expr)) {
            boolean recorded = s.metric() != null && s.metric().contains(":");
            if (!recorded) {
                assertThat(s.matcherValue("cluster")).as(expr).isEqualTo("eu-1");
                assertThat(s.matcherValue("namespace")).as(expr).isEqualTo("ml");
            }
        }
    }

    @Test
    void theTimeScaleShortensForWindowsAndTheEvaluationInterval(@TempDir Path dir) throws IOException {
        assertThat(Generate.run(new String[] {"--out", dir.toString(), "--time-scale", "30"}, print)).isZero();
        String alerts = Files.readString(dir.resolve("rules/glasscache-alerts.yml"));
        String recording = Files.readString(dir.resolve("rules/glasscache-recording.yml"));
        assertThat(alerts).contains("for: 10s").doesNotContain("for: 5m");
        assertThat(recording).contains("[10s]").doesNotContain("[5m]").contains("interval: 1s");
        assertThat(Files.readString(dir.resolve("rules/tests/glasscache-alerts_test.yml"))).isNotEmpty();
    }

    @Test
    void checkReportsAStaleFileWithItsDiff(@TempDir Path dir) throws IOException {
        String[] args = {"--out", dir.toString()};
        assertThat(Generate.run(args, print)).isZero();
        Path alerts = dir.resolve("rules/glasscache-alerts.yml");
        Files.writeString(alerts, Files.readString(alerts).replace("> 0.3", "> 0.4"));
        out.reset();
        assertThat(Generate.run(new String[] {"--out", dir.toString(), "--check"}, print)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("stale: " + alerts).contains("- ")
                .contains("> 0.4").contains("> 0.3");
        assertThat(Generate.run(args, print)).isZero();
        assertThat(Generate.run(new String[] {"--out", dir.toString(), "--check"}, print)).isZero();
    }

    @Test
    void badInputIsRefusedWithAMessageNamingIt() {
        assertThatThrownBy(() -> Generate.run(new String[] {"--out", "x", "--prefix", "Bad-Prefix"}, print))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> Generate.run(new String[] {"--out", "x", "--selector", "cluster=eu"}, print))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster=eu");
        assertThatThrownBy(() -> Generate.run(new String[] {"--out", "x", "--selector", "job=\"a\""}, print))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job");
        assertThatThrownBy(() -> Generate.run(new String[] {"--out", "x", "--threshold", "missRatio=2"}, print))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missRatio");
        assertThatThrownBy(() -> Generate.run(new String[] {"--out", "x", "--threshold", "cacheMissRatio=2"},
                print)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> Generate.run(new String[] {"--bogus", "1"}, print))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> Generate.run(new String[] {"--prefix", "a.b"}, print))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--out");
    }

    @Test
    void helpListsTheOptions() throws IOException {
        assertThat(Generate.run(new String[] {"--help"}, print)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--selector", "--threshold", "cacheMissRatio",
                "--time-scale");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
    }
}
