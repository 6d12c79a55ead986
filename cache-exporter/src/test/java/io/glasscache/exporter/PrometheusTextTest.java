package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.glasscache.exporter.PrometheusText.Format;
import io.prometheus.metrics.model.snapshots.Labels;
import org.junit.jupiter.api.Test;

/**
 * The direct text writer against client_java's, in both formats: for the same {@link Samples}, the two expositions
 * must parse to exactly the same samples (name, labels, value) and the same HELP and TYPE lines.
 */
class PrometheusTextTest {

    /** Label values the format must escape, and non-ASCII, in the one family whose labels come from outside. */
    private static final Labels TRICKY_INFO = Labels.of("version", "1.0 \"quoted\" back\\slash\nline é € 😀",
            "java_version", "17");

    @Test
    void goldenSingleServerMatchesClientJava() {
        Samples samples = new Samples();
        scraped(samples, Golden.stats("1.6"), Labels.EMPTY);
        samples.add(Family.BUILD_INFO, TRICKY_INFO, 1);

        Exposition ours = parse(direct(samples, Format.TEXT_0_0_4), Format.TEXT_0_0_4);
        Exposition theirs = parse(Golden.text(samples.toSnapshots()), Format.TEXT_0_0_4);

        assertThat(ours.samples).hasSizeGreaterThan(500).isEqualTo(theirs.samples);
        assertThat(ours.help).isEqualTo(theirs.help);
        assertThat(ours.type).isEqualTo(theirs.type);
        assertThat(ours.samples).containsEntry("memcached_up{}", 1.0)
                .containsEntry("memcached_exporter_build_info{java_version=17,version=1.0 \"quoted\" back\\slash\n"
                        + "line é € 😀}", 1.0);
        assertThat(ours.type).containsEntry("memcached_commands_total", "counter")
                .containsEntry("memcached_slab_items_moves_to_cold", "untyped")
                .containsEntry("memcached_exporter_build_info", "gauge");
    }

    /** What Prometheus gets by default: its Accept header names OpenMetrics first. */
    @Test
    void openMetricsMatchesClientJavasOpenMetricsWriter() {
        Samples samples = new Samples();
        scraped(samples, Golden.stats("1.6"), Labels.EMPTY);
        samples.add(Family.BUILD_INFO, TRICKY_INFO, 1);

        String direct = direct(samples, Format.OPENMETRICS_1_0_0);
        Exposition ours = parse(direct, Format.OPENMETRICS_1_0_0);
        Exposition theirs = parse(Golden.openMetrics(samples.toSnapshots()), Format.OPENMETRICS_1_0_0);

        assertThat(ours.samples).hasSizeGreaterThan(500).isEqualTo(theirs.samples)
                .isEqualTo(parse(direct(samples, Format.TEXT_0_0_4), Format.TEXT_0_0_4).samples);
        assertThat(ours.help).isEqualTo(theirs.help);
        assertThat(ours.type).isEqualTo(theirs.type);
        assertThat(ours.type).containsEntry("memcached_commands", "counter")
                .containsEntry("memcached_slab_items_moves_to_cold", "unknown")
                .containsEntry("memcached_exporter_build", "info");
        assertThat(direct).endsWith("\n# EOF\n").containsOnlyOnce("# EOF");
    }

    @Test
    void negotiatesOpenMetricsWheneverTheAcceptHeaderNamesIt() {
        assertThat(Format.negotiate(ExporterHttp.PROMETHEUS_HEADERS.get("Accept")))
                .isEqualTo(Format.OPENMETRICS_1_0_0);
        assertThat(Format.negotiate(null)).isEqualTo(Format.TEXT_0_0_4);
        assertThat(Format.negotiate("*/*")).isEqualTo(Format.TEXT_0_0_4);
        assertThat(Format.negotiate("text/plain;version=0.0.4")).isEqualTo(Format.TEXT_0_0_4);
    }

    @Test
    void discoveryWithSeveralInstancesMatchesClientJava() {
        Samples samples = new Samples();
        samples.add(Family.DISCOVERY_TARGETS, Labels.EMPTY, 3);
        scraped(samples, Golden.stats("1.6"), Labels.of(MemcachedCollector.INSTANCE_LABEL, "10.0.0.1:11211"));
        scraped(samples, Golden.stats("1.5"), Labels.of(MemcachedCollector.INSTANCE_LABEL, "[::1]:11211"));
        samples.add(Family.UP, Labels.of(MemcachedCollector.INSTANCE_LABEL, "10.0.0.3:11211"), 0);
        samples.add(Family.DISCOVERY_ERRORS, Labels.EMPTY, 2);

        Exposition ours = parse(direct(samples, Format.TEXT_0_0_4), Format.TEXT_0_0_4);
        Exposition theirs = parse(Golden.text(samples.toSnapshots()), Format.TEXT_0_0_4);

        assertThat(ours.samples).hasSizeGreaterThan(900).isEqualTo(theirs.samples);
        assertThat(ours.help).isEqualTo(theirs.help);
        assertThat(ours.type).isEqualTo(theirs.type);
        assertThat(ours.samples).containsEntry("memcached_up{memcached_instance=10.0.0.3:11211}", 0.0)
                .containsEntry("memcached_up{memcached_instance=[::1]:11211}", 1.0)
                .containsEntry("memcached_exporter_discovered_targets{}", 3.0);
    }

    @Test
    void reusedBufferHoldsOnlyTheLatestExposition() {
        Samples big = new Samples();
        scraped(big, Golden.stats("1.6"), Labels.EMPTY);
        Samples small = new Samples();
        small.add(Family.UP, Labels.EMPTY, 0);
        small.add(Family.SCRAPE_DURATION, Labels.EMPTY, 0.25);
        small.add(Family.CONNECTIONS, Labels.EMPTY, -3); // a counter is never written below 0

        PrometheusText writer = new PrometheusText(16); // too small: must grow
        writer.write(big, Format.OPENMETRICS_1_0_0);
        writer.release();
        String text = new String(writer.write(small, Format.TEXT_0_0_4).array(), 0, writer.size(),
                StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("# HELP memcached_up " + Family.UP.help() + "\n# TYPE memcached_up gauge\n"
                + "memcached_up 0\n"
                + "# HELP memcached_connections_total " + Family.CONNECTIONS.help() + "\n"
                + "# TYPE memcached_connections_total counter\nmemcached_connections_total 0\n"
                + "# HELP memcached_exporter_scrape_duration_seconds " + Family.SCRAPE_DURATION.help() + "\n"
                + "# TYPE memcached_exporter_scrape_duration_seconds gauge\n"
                + "memcached_exporter_scrape_duration_seconds 0.25\n");
    }

    /** What {@code MemcachedCollector.record} adds for a server that answered. */
    private static void scraped(Samples samples, MemcachedStats stats, Labels base) {
        int errors = StatsMapper.map(stats, CollectorSwitches.ALL, samples, base);
        samples.add(Family.UP, base, 1);
        samples.add(Family.PARSE_ERRORS, base, stats.parseErrors() + errors);
        samples.add(Family.SCRAPE_DURATION, base, 0.001234);
    }

    private static String direct(Samples samples, Format format) {
        PrometheusText writer = new PrometheusText(1024).write(samples, format);
        return new String(writer.array(), 0, writer.size(), StandardCharsets.UTF_8);
    }

    private static final class Exposition {
        /** {@code name{k=v,...}} with labels sorted and unescaped -> value. */
        final Map<String, Double> samples = new TreeMap<>();
        final Map<String, String> help = new TreeMap<>();
        final Map<String, String> type = new TreeMap<>();
    }

    /**
     * A strict parser of either text format: a duplicate sample, HELP or TYPE fails the test, and so does an
     * OpenMetrics exposition without its one closing {@code # EOF} (which the result leaves out).
     */
    private static Exposition parse(String text, Format format) {
        Exposition out = new Exposition();
        assertThat(text).endsWith("\n");
        if (format == Format.OPENMETRICS_1_0_0) {
            assertThat(text).endsWith("\n# EOF\n").containsOnlyOnce("# EOF");
            text = text.substring(0, text.length() - "# EOF\n".length());
        }
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                Map<String, String> target = line.startsWith("# HELP ") ? out.help : out.type;
                if (target.put(rest.substring(0, space), rest.substring(space + 1)) != null) {
                    fail("duplicate " + line);
                }
                continue;
            }
            assertThat(line).isNotBlank().doesNotStartWith("#");
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf("=\"", i);
                    String label = line.substring(i, eq);
                    StringBuilder value = new StringBuilder();
                    i = eq + 2;
                    while (line.charAt(i) != '"') {
                        char c = line.charAt(i++);
                        if (c == '\\') {
                            char escaped = line.charAt(i++);
                            value.append(escaped == 'n' ? '\n' : escaped);
                        } else {
                            value.append(c);
                        }
                    }
                    i++;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                    labels.put(label, value.toString());
                }
                i++;
            }
            assertThat(line.charAt(i)).as(line).isEqualTo(' ');
            String key = name + sorted(labels);
            if (out.samples.put(key, number(line.substring(i + 1))) != null) {
                fail("duplicate sample " + line);
            }
            String family = out.type.keySet().stream().filter(name::startsWith).findAny().orElse(null);
            assertThat(family).as("sample %s follows its TYPE line", name).isNotNull();
        }
        return out;
    }

    private static String sorted(Map<String, String> labels) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(labels).forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(k).append('=')
                .append(v));
        return out.append('}').toString();
    }

    private static double number(String text) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(text);
        }
    }
}
