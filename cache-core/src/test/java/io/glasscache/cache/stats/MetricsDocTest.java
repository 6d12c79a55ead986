package io.glasscache.cache.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** docs/metrics.md names every metric of the constants, and no GlassCache family the constants do not have. */
class MetricsDocTest {

    private static final String PREFIX = MetricNaming.DEFAULT_PREFIX.replace('.', '_');

    @Test
    void theDocsListExactlyTheMetricsOfTheConstants() throws IOException {
        String doc = Files.readString(Path.of("../docs/metrics.md"));
        Set<String> constants = new TreeSet<>();
        Stream.of(CacheMetric.values()).forEach(m -> constants.add(m.prometheusName(MetricNaming.DEFAULT_PREFIX)));
        Stream.of(FailoverMetric.values()).forEach(m -> constants.add(m.prometheusName(MetricNaming.DEFAULT_PREFIX)));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`(" + PREFIX + "_[a-z0-9_]+)`").matcher(doc);
        while (m.find()) {
            documented.add(m.group(1).replaceFirst("_(bucket|count|sum)$", "")); // a histogram's series
        }
        assertThat(documented).as("families in docs/metrics.md").containsAll(constants);
        assertThat(constants).as("documented families that no constant defines").containsAll(documented);
    }
}
