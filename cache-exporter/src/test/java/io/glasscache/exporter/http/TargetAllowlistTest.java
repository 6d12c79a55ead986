package io.glasscache.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.glasscache.exporter.stats.MemcachedAddress;
import org.junit.jupiter.api.Test;

class TargetAllowlistTest {

    @Test
    void matchesHostAndPortOnly() {
        TargetAllowlist allowlist = new TargetAllowlist(List.of("10.0.0.*:11211", "cache-?.svc:*"));
        assertThat(allowlist.allows(MemcachedAddress.parse("10.0.0.7:11211"))).isTrue();
        assertThat(allowlist.allows(MemcachedAddress.parse("10.0.0.7:6379"))).isFalse();
        assertThat(allowlist.allows(MemcachedAddress.parse("CACHE-1.svc:1"))).isTrue();
        assertThat(allowlist.allows(MemcachedAddress.parse("169.254.169.254:80"))).isFalse();
    }

    @Test
    void aPatternMustNameAPort() {
        assertThatThrownBy(() -> new HttpSettings("", 0, "/metrics", "/scrape", 8, java.time.Duration.ofSeconds(1),
                List.of("10.0.0.1"), null)).hasMessageContaining("needs a port");
    }
}
