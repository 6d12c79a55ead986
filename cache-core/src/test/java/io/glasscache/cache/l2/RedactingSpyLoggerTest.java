package io.glasscache.cache.l2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactingSpyLoggerTest {

    @Test
    void cutsOperationDescriptionsThatCarryKeys() {
        assertThat(RedactingSpyLogger.redact("Discarding partially completed op: Cmd: get Keys: ns:1:k:user42 Exp: 0"))
                .isEqualTo("Discarding partially completed op: <operation details at DEBUG>")
                .doesNotContain("user42");
        assertThat(RedactingSpyLogger.redact("Closing, and reopening {QA sa=/127.0.0.1:1, #Rops=1, topRop=Cmd: get"))
                .doesNotContain("Cmd");
        assertThat(RedactingSpyLogger.redact("Reconnecting due to failure to connect to {QA sa=/127.0.0.1:1}"))
                .isEqualTo("Reconnecting due to failure to connect to {QA sa=/127.0.0.1:1}");
    }
}
