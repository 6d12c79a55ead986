package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ExporterFlagsTest {

    @Test
    void defaultsMirrorTheOfficialExporter() throws FlagException {
        ExporterConfig config = ExporterFlags.parse().config();
        assertThat(config.address().toString()).isEqualTo("localhost:11211");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.listenHost()).isEmpty();
        assertThat(config.listenPort()).isEqualTo(9150);
        assertThat(config.telemetryPath()).isEqualTo("/metrics");
        assertThat(config.scrapePath()).isEqualTo("/scrape");
        assertThat(config.switches()).isEqualTo(CollectorSwitches.ALL);
        assertThat(config.tls().enabled()).isFalse();
    }

    @Test
    void parsesBothValueStylesBooleansAndDurations() throws FlagException {
        ExporterConfig config = ExporterFlags.parse("--memcached.address", "[::1]:11311", "--memcached.timeout=1m30s",
                "--no-collector.slab", "--collector.items=false", "--scrape.allowed-targets=10.0.0.*:11211,cache-?:1",
                "--scrape.allowed-targets", "/run/mc.sock", "--memcached.discovery=dns://mc.svc:11211",
                "--log.level=debug").config();
        assertThat(config.address().toString()).isEqualTo("[::1]:11311");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.switches()).isEqualTo(new CollectorSwitches(false, false, true, true, true));
        assertThat(config.allowedTargets()).containsExactly("10.0.0.*:11211", "cache-?:1", "/run/mc.sock");
        assertThat(config.discovery()).isEqualTo(new Discovery("mc.svc", 11211));
        assertThat(ExporterFlags.duration("t", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ExporterFlags.duration("t", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsBadFlagsWithAClearMessage() {
        assertThatThrownBy(() -> ExporterFlags.parse("--memcached.adress=x")).hasMessage("unknown flag "
                + "--memcached.adress");
        assertThatThrownBy(() -> ExporterFlags.parse("--memcached.timeout=soon")).hasMessageContaining("duration");
        assertThatThrownBy(() -> ExporterFlags.parse("--memcached.address=host:0")).hasMessageContaining("port");
        assertThatThrownBy(() -> ExporterFlags.parse("--memcached.discovery=http://x:1"))
                .hasMessageContaining("dns://name:port");
        assertThatThrownBy(() -> ExporterFlags.parse("--scrape.allowed-targets=10.0.0.1"))
                .hasMessageContaining("needs a port");
        assertThatThrownBy(() -> ExporterFlags.parse("--collector.slab=maybe")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> ExporterFlags.parse("--memcached.tls.server-name=x"))
                .hasMessageContaining("--memcached.tls.enable");
        assertThatThrownBy(() -> ExporterFlags.parse("--memcached.tls.enable", "--memcached.tls.ca=/nope.pem"))
                .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> ExporterFlags.parse("--web.telemetry-path")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ExporterFlags.parse("stray")).hasMessageContaining("flags start with --");
    }

    @Test
    void mainExitsWith2OnBadFlagsAnd0OnHelpAndVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(ExporterMain.run(new String[] {"--bogus"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown flag --bogus");
        assertThat(ExporterMain.run(new String[] {"--help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--memcached.address=VALUE")
                .contains("--[no-]collector.slab");
        assertThat(ExporterMain.run(new String[] {"--version"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("cache-exporter \\d+\\.\\d+");
    }

    @Test
    void allowlistMatchesHostAndPortOnly() {
        TargetAllowlist allowlist = new TargetAllowlist(java.util.List.of("10.0.0.*:11211", "cache-?.svc:*"));
        assertThat(allowlist.allows(MemcachedAddress.parse("10.0.0.7:11211"))).isTrue();
        assertThat(allowlist.allows(MemcachedAddress.parse("10.0.0.7:6379"))).isFalse();
        assertThat(allowlist.allows(MemcachedAddress.parse("CACHE-1.svc:1"))).isTrue();
        assertThat(allowlist.allows(MemcachedAddress.parse("169.254.169.254:80"))).isFalse();
    }

    @Test
    void budgetFollowsPrometheusTimeout() {
        assertThat(MemcachedCollector.budget(Duration.ofSeconds(1), null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(MemcachedCollector.budget(Duration.ofSeconds(10), "2")).isEqualTo(Duration.ofMillis(1800));
        assertThat(MemcachedCollector.budget(Duration.ofSeconds(1), "10")).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> MemcachedCollector.budget(Duration.ofSeconds(1), "-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
