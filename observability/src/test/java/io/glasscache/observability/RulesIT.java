package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;
import io.glasscache.testing.PromtoolRunner;
import io.glasscache.testing.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed rule files with promtool: {@code check rules --lint=all --lint-fatal}, and {@code test rules} (every
 * alert firing and quiet, every recording rule's value). The tests can fail: a threshold moved either way, a broken
 * recording rule and a duplicate rule each make promtool fail. A user's own configuration passes the same checks.
 */
class RulesIT {

    private static final String RECORDING = GlassCacheMixin.RECORDING_FILE;
    private static final String ALERTS = GlassCacheMixin.ALERTS_FILE;
    private static final List<String> TESTS = List.of("tests/glasscache-recording_test.yml",
            "tests/glasscache-alerts_test.yml");

    private final PromtoolRunner promtool = new PromtoolRunner();

    @Test
    void theRuleFilesPassPromtoolsChecksWithEveryLint() {
        ToolResult result = promtool.run(RepoPaths.rules(), "check", "rules", "--lint=all", "--lint-fatal",
                RECORDING, ALERTS);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theUnitTestsPass() {
        for (String test : TESTS) {
            ToolResult result = promtool.run(RepoPaths.rules(), "test", "rules", test);
            assertThat(result.exitCode()).as(test + ":\n" + result.output()).isZero();
            assertThat(result.output()).contains("SUCCESS");
        }
    }

    @Test
    void aThresholdRaisedPastTheFiringCaseFailsTheTests(@TempDir Path dir) throws IOException {
        ToolResult result = testWith(dir, ALERTS, text -> text.replace("ratio_rate5m > 0.3", "ratio_rate5m > 0.6"),
                TESTS.get(1));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("HighCacheMissRate").contains("firing: HighCacheMissRate");
    }

    @Test
    void aThresholdLoweredUnderTheQuietCaseFailsTheTests(@TempDir Path dir) throws IOException {
        ToolResult result = testWith(dir, ALERTS, text -> text.replace(") > 10\n", ") > 5\n"), TESTS.get(1));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("quiet: HighMemcachedEvictions");
    }

    @Test
    void theSeedsOperatorPrecedenceBugWouldFailTheTests(@TempDir Path dir) throws IOException {
        // requests - hits / requests, unparenthesised as in the seed: the recorded miss ratio turns wrong.
        ToolResult result = testWith(dir, RECORDING, text -> text.replaceFirst("(?m)^( *)\\(\\n *(sum by \\("
                + "job, instance, cache_name\\) \\(\\S+requests:rate5m\\{operation=\"get\"}\\))\\n *-\\n *(sum by \\("
                + "job, instance, cache_name\\) \\(\\S+hits:rate5m\\{operation=\"get\"}\\))\\n *\\)$", "$1$2\\n$1-\\n$1$3"),
                TESTS.get(0));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("get_misses_per_requests");
    }

    @Test
    void aDuplicateRuleFailsTheLint(@TempDir Path dir) throws IOException {
        copyRules(dir);
        Path recording = dir.resolve(RECORDING);
        String text = Files.readString(recording);
        int group = text.indexOf("  - name: glasscache-memcached.recording");
        int rule = text.indexOf("      - record:", text.indexOf("rules:", group));
        int next = text.indexOf("      - record:", rule + 1);
        Files.writeString(recording, text.substring(0, next) + text.substring(rule, next) + text.substring(next));
        ToolResult result = promtool.run(dir, "check", "rules", "--lint=all", "--lint-fatal", RECORDING);
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("duplicate");
    }

    @Test
    void aUsersOwnConfigurationPassesTheSameChecks(@TempDir Path dir) throws IOException {
        MixinConfig config = MixinConfig.defaults().withPrefix("ml.features").withJobs("recsys", "mc-exporter")
                .withSelectors(List.of("cluster=\"eu-1\"", "namespace=~\"ml\"")).withMemcachedServerLabel(
                        "memcached_instance").withThresholds(MixinConfig.defaults().thresholds()
                        .with("cacheMissRatio", "0.2").with("cacheP99Seconds", "0.05").with("sloObjective", "0.995"));
        for (Map.Entry<String, String> file : new GlassCacheMixin(config).files().entrySet()) {
            if (file.getKey().startsWith(GlassCacheMixin.RULES)) {
                Path path = dir.resolve(file.getKey().substring(GlassCacheMixin.RULES.length()));
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        }
        ToolResult check = promtool.run(dir, "check", "rules", "--lint=all", "--lint-fatal", RECORDING, ALERTS);
        assertThat(check.exitCode()).as(check.output()).isZero();
        for (String test : TESTS) {
            ToolResult result = promtool.run(dir, "test", "rules", test);
            assertThat(result.exitCode()).as(test + ":\n" + result.output()).isZero();
        }
    }

    private ToolResult testWith(Path dir, String file, UnaryOperator<String> change, String test) throws IOException {
        copyRules(dir);
        Path path = dir.resolve(file);
        String before = Files.readString(path);
        String after = change.apply(before);
        assertThat(after).as("the change applies").isNotEqualTo(before);
        Files.writeString(path, after);
        return promtool.run(dir, "test", "rules", test);
    }

    private static void copyRules(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tests"));
        for (String file : List.of(RECORDING, ALERTS, TESTS.get(0), TESTS.get(1))) {
            Files.copy(RepoPaths.rules().resolve(file), dir.resolve(file));
        }
    }
}
