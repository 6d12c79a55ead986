package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.glasscache.observability.lint.PromQl;
import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;
import io.glasscache.observability.rules.AlertingRule;
import io.glasscache.observability.rules.RecordingRule;
import org.junit.jupiter.api.Test;

/**
 * What every rule must carry, and that the promtool tests cover every alert both ways and every recording rule.
 * (promtool itself runs them in RulesIT.)
 */
class RulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ONE_PLAIN_SENTENCE = Pattern.compile("[A-Z][^.{}$\\n]*\\.");

    private final GlassCacheMixin mixin = new GlassCacheMixin(MixinConfig.defaults());
    private final List<AlertingRule> alerts = mixin.alertingRules();
    private final List<RecordingRule> recordings = mixin.recordingRules().recordingRules();

    @Test
    void theAlertsAreTheOnesAsked() {
        assertThat(alerts.stream().map(AlertingRule::alert).distinct()).containsExactlyInAnyOrder(
                "HighCacheMissRate", "HighMemcachedEvictions", "HighP99CacheLatency", "HighL2Latency",
                "CacheCircuitOpen", "MemcachedDown", "MemcachedExporterDown", "MemcachedConnectionLimitApproaching",
                "MemcachedOutOfMemoryErrors", "MemcachedMemoryNearLimit", "ExporterScrapeErrors", "FailoverServing",
                "FailoverSnapshotStale", "InferenceLatencySLOBurn", "FeatureStoreErrors");
        assertThat(alerts.stream().filter(a -> a.alert().equals("MemcachedConnectionLimitApproaching")))
                .extracting(a -> a.severity() + " " + a.expr().substring(a.expr().lastIndexOf('>')))
                .containsExactlyInAnyOrder("warning > 0.8", "critical > 0.95");
        assertThat(alerts.stream().filter(a -> a.alert().equals("HighMemcachedEvictions")).findFirst().orElseThrow()
                .expr()).isNotEmpty();
        assertThat(recordings.stream().filter(r -> r.record().equals("job_instance:memcached_items_evicted:rate5m"))
                .findFirst().orElseThrow().expr()).contains("memcached_items_evicted_total");
    }

    @Test
    void everyAlertHasSeveritySummaryDescriptionAndRunbook() throws IOException {
        for (AlertingRule alert : alerts) {
            String name = alert.alert();
            assertThat(alert.severity()).as(name).isIn("info", "warning", "critical");
            assertThat(alert.annotations().get("summary")).as(name + " summary").matches(ONE_PLAIN_SENTENCE);
            assertThat(alert.annotations().get("description")).as(name + " description").contains("{{ $");
            String url = alert.annotations().get("runbook_url");
            assertThat(url).as(name).isEqualTo("docs/runbooks/" + name + ".md");
            Path runbook = RepoPaths.root().resolve(url);
            assertThat(runbook).as(name).isRegularFile();
            String text = Files.readString(runbook);
            assertThat(text).as(runbook.toString()).startsWith("# " + name + "\n").contains("## What it means")
                    .contains("## What to check").contains("## What to do");
        }
    }

    @Test
    void everyRunbookBelongsToAnAlert() throws IOException {
        Set<String> names = alerts.stream().map(a -> a.alert() + ".md").collect(Collectors.toSet());
        try (var files = Files.list(RepoPaths.root().resolve("docs/runbooks"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("README.md")))
                    .containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    void recordingRulesAreNamedLevelMetricOperationsAndTheLevelIsWhatTheyKeep() {
        for (RecordingRule rule : recordings) {
            String by = rule.expr().contains("by (") ? rule.expr().substring(rule.expr().indexOf("by (") + 4,
                    rule.expr().indexOf(')', rule.expr().indexOf("by ("))) : "";
            assertThat(rule.record()).matches("[a-z_]+:[a-z0-9_]+:[a-z0-9_]+");
            List<String> kept = new ArrayList<>(List.of(by.split(", ")));
            kept.remove("le"); // a quantile's buckets, aggregated away by histogram_quantile
            assertThat(String.join("_", kept)).as(rule.record()).isEqualTo(rule.level());
        }
    }

    @Test
    void everyAlertHasAFiringAndAQuietCaseOnItsOwnSeries() throws IOException {
        JsonNode tests = YAML.readTree(mixin.files().get("rules/tests/glasscache-alerts_test.yml"));
        for (AlertingRule alert : alerts) {
            String key = alert.alert() + "/" + alert.severity();
            List<Set<String>> read = rawMetrics(alert.expr());
            boolean fires = false;
            boolean quiet = false;
            for (JsonNode group : tests.path("tests")) {
                for (JsonNode test : group.path("alert_rule_test")) {
                    if (!test.path("alertname").asText().equals(alert.alert())) {
                        continue;
                    }
                    boolean expected = false;
                    for (JsonNode exp : test.path("exp_alerts")) {
                        expected |= exp.path("exp_labels").path("severity").asText().equals(alert.severity());
                    }
                    if (expected) {
                        fires = true;
                    } else {
                        Set<String> fed = new HashSet<>();
                        group.path("input_series").forEach(s -> fed.add(s.path("series").asText()
                                .replaceAll("\\{.*", "")));
                        for (Set<String> series : read) {
                            assertThat(series.stream().anyMatch(fed::contains)).as(key + " quiet case '"
                                    + group.path("name").asText() + "' does not feed " + series).isTrue();
                        }
                        quiet = true;
                    }
                }
            }
            assertThat(fires).as(key + " fires in a test").isTrue();
            assertThat(quiet).as(key + " stays quiet in a test").isTrue();
        }
    }

    @Test
    void everyRecordingRuleHasItsValueTested() throws IOException {
        JsonNode tests = YAML.readTree(mixin.files().get("rules/tests/glasscache-recording_test.yml"));
        Set<String> tested = new LinkedHashSet<>();
        for (JsonNode group : tests.path("tests")) {
            for (JsonNode test : group.path("promql_expr_test")) {
                PromQl.selectors(test.path("expr").asText()).forEach(s -> tested.add(s.metric()));
                assertThat(test.path("exp_samples")).isNotEmpty();
            }
        }
        assertThat(tested).containsAll(recordings.stream().map(RecordingRule::record).toList());
    }

    @Test
    void alertmanagerNamesOnlyAlertsThatExist() throws IOException {
        String config = Files.readString(RepoPaths.root().resolve("deploy/alertmanager/alertmanager.yml"));
        Matcher m = Pattern.compile("alertname=~?\\\\?\"([^\"\\\\]+)").matcher(config);
        Set<String> names = alerts.stream().map(AlertingRule::alert).collect(Collectors.toSet());
        List<String> mentioned = new ArrayList<>();
        while (m.find()) {
            for (String name : m.group(1).replace("(", "").replace(")", "").split("\\|")) {
                mentioned.add(name);
            }
        }
        assertThat(mentioned).isNotEmpty();
        assertThat(names).containsAll(mentioned);
    }

    /**
     * The raw series an expression reads, through the recording rules it uses: one set per selector, of the metric
     * names that satisfy it ({@code __name__=~"a|b"} is satisfied by either).
     */
    private List<Set<String>> rawMetrics(String expr) {
        Map<String, String> recorded = recordings.stream()
                .collect(Collectors.toMap(RecordingRule::record, RecordingRule::expr));
        List<Set<String>> raw = new ArrayList<>();
        for (PromQl.Selector s : PromQl.selectors(expr)) {
            if (s.metric() == null) {
                raw.add(new LinkedHashSet<>(List.of(s.matcherValue("__name__").split("\\|"))));
            } else if (recorded.containsKey(s.metric())) {
                raw.addAll(rawMetrics(recorded.get(s.metric())));
            } else {
                raw.add(Set.of(s.metric()));
            }
        }
        return raw;
    }
}
