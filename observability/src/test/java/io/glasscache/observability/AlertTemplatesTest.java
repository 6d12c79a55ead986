package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.glasscache.observability.rules.AlertTemplates;
import org.junit.jupiter.api.Test;

/** The re-implemented Go formatting, on the examples of Prometheus' template reference. */
class AlertTemplatesTest {

    @Test
    void humanizesAsPrometheusDoes() {
        assertThat(AlertTemplates.humanize(1234567)).isEqualTo("1.235M");
        assertThat(AlertTemplates.humanize(20)).isEqualTo("20");
        assertThat(AlertTemplates.humanize(0.0012)).isEqualTo("1.2m");
        assertThat(AlertTemplates.humanize(0)).isEqualTo("0");
        assertThat(AlertTemplates.humanizePercentage(0.5)).isEqualTo("50%");
        assertThat(AlertTemplates.humanizePercentage(0.1296)).isEqualTo("12.96%");
        assertThat(AlertTemplates.humanizeDuration(1740)).isEqualTo("29m 0s");
        assertThat(AlertTemplates.humanizeDuration(90061)).isEqualTo("1d 1h 1m 1s");
        assertThat(AlertTemplates.humanizeDuration(0.2485)).isEqualTo("248.5ms");
        assertThat(AlertTemplates.humanizeDuration(1.5)).isEqualTo("1.5s");
    }

    @Test
    void rendersLabelsAndValues() {
        assertThat(AlertTemplates.render("{{ $labels.cache_name }} at {{ $value | humanizePercentage }} ({{$value}})",
                Map.of("cache_name", "user_features"), 0.25)).isEqualTo("user_features at 25% (0.25)");
    }
}
