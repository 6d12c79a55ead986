package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.glasscache.exporter.mapping.CollectorSwitches;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterFlagsTest {

    @Test
    void defaultsMirrorTheOfficialExporter() throws FlagException {
        ExporterConfig config = ExporterFlags.parse().config();
        assertThat(config.address().toString()).isEqualTo("localhost:11211");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.http().listenHost()).isEmpty();
        assertThat(config.http().listenPort()).isEqualTo(9150);
        assertThat(config.http().telemetryPath()).isEqualTo("/metrics");
        assertThat(config.http().scrapePath()).isEqualTo("/scrape");
        assertThat(config.http().maxRequests()).isEqualTo(8);
        assertThat(config.http().scrapeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.http().webConfigFile()).isNull();
        assertThat(config.switches()).isEqualTo(CollectorSwitches.ALL);
        assertThat(config.tls().enabled()).isFalse();
    }

    @Test
    void parsesBothValueStylesBooleansAndDurations() throws FlagException {
        ExporterConfig config = ExporterFlags.parse("--memcached.address", "[::1]:11311", "--memcached.timeout=1m30s",
                "--no-collector.slab", "--collector.items=false", "--scrape.allowed-targets=10.0.0.*:11211,cache-?:1",
                "--scrape.allowed-targets", "/run/mc.sock", "--memcached.discovery=dns://mc.svc:11211",
                "--log.level=debug", "--web.config.file", "web.yml", "--web.listen-address=[::1]:9999").config();
        assertThat(config.address().toString()).isEqualTo("[::1]:11311");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.switches()).isEqualTo(new CollectorSwitches(false, false, true, true, true));
        assertThat(config.http().allowedTargets()).containsExactly("10.0.0.*:11211", "cache-?:1", "/run/mc.sock");
        assertThat(config.http().scrapeTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.http().webConfigFile()).isEqualTo(Path.of("web.yml"));
        assertThat(config.http().listenHost()).isEqualTo("::1");
        assertThat(config.http().listenPort()).isEqualTo(9999);
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
    void mainExitsWith1WhenTheWebConfigFileCannotBeUsed(@TempDir Path dir) throws Exception {
        Path unknownKey = Files.writeString(dir.resolve("web.yml"), "basic_auth_users: {}\ntls_server_config:\n"
                + "  cert_fiel: server.pem\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(ExporterMain.run(new String[] {"--web.listen-address=127.0.0.1:0", "--web.config.file="
                + unknownKey}, System.out, e)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(unknownKey.toString())
                .contains("unknown key 'tls_server_config.cert_fiel'");

        err.reset();
        assertThat(ExporterMain.run(new String[] {"--web.listen-address=127.0.0.1:0", "--web.config.file="
                + dir.resolve("missing.yml")}, System.out, e)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.yml").contains("cannot read");
    }
}
