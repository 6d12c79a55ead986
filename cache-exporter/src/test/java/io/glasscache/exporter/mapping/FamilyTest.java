package io.glasscache.exporter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import org.junit.jupiter.api.Test;

/** The catalogue's public names: valid, unique, {@code _total} exactly on counters, each with help. */
class FamilyTest {

    @Test
    void catalogNamesAreValidAndUnique() {
        Set<String> names = new HashSet<>();
        for (Family family : Family.values()) {
            assertThat(names.add(family.sampleName())).as("duplicate %s", family.sampleName()).isTrue();
            assertThat(PrometheusNaming.isValidMetricName(family.snapshotName())).as(family.sampleName()).isTrue();
            assertThat(family.sampleName().endsWith("_total")).as(family.sampleName())
                    .isEqualTo(family.type() == Family.Type.COUNTER);
            assertThat(family.help()).isNotBlank();
        }
    }
}
