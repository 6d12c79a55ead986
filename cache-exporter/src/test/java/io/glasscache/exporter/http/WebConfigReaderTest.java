package io.glasscache.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web configuration file, read strictly: what it may hold, and a clear message for everything else. */
class WebConfigReaderTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("web.yml"), yaml);
    }

    private WebConfig read(String yaml) throws Exception {
        return WebConfig.load(file(yaml));
    }

    private void pems() throws IOException {
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/server.pem"), "server certificate");
        Files.writeString(dir.resolve("tls/server.key"), "server key");
        Files.writeString(dir.resolve("tls/ca.pem"), "client ca");
    }

    @Test
    void readsTlsAuthAndHeadersWithFilesRelativeToTheConfiguration() throws Exception {
        pems();
        WebConfig config = read("""
                tls_server_config:
                  cert_file: tls/server.pem
                  key_file: tls/server.key
                  client_ca_file: tls/ca.pem
                  client_auth_type: RequireAndVerifyClientCert
                  min_version: TLS13
                  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]
                  prefer_server_cipher_suites: false
                http_server_config:
                  http2: false
                  headers:
                    X-Frame-Options: deny
                    Strict-Transport-Security: max-age=31536000
                basic_auth_users:
                  carol: %s
                """.formatted(BcryptAuthenticatorTest.CAROL));
        WebConfig.Tls tls = config.tls();
        assertThat(tls.certPem()).isEqualTo("server certificate");
        assertThat(tls.keyPem()).isEqualTo("server key");
        assertThat(tls.clientCaPem()).isEqualTo("client ca");
        assertThat(tls.certSource()).isEqualTo(dir.resolve("tls/server.pem").toString());
        assertThat(tls.clientAuth()).isEqualTo(WebConfig.ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT);
        assertThat(tls.protocols()).containsExactly("TLSv1.3");
        assertThat(tls.cipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(tls.preferServerCipherSuites()).isFalse();
        assertThat(config.users()).containsOnlyKeys("carol");
        assertThat(config.headers()).containsOnlyKeys("X-Frame-Options", "Strict-Transport-Security");
    }

    @Test
    void defaultsAreThoseOfTheToolkit() throws Exception {
        WebConfig config = read("""
                tls_server_config:
                  cert: inline certificate
                  key: inline key
                """);
        assertThat(config.tls().certSource()).isEqualTo("tls_server_config.cert");
        assertThat(config.tls().clientAuth()).isEqualTo(WebConfig.ClientAuth.NO_CLIENT_CERT);
        assertThat(config.tls().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(config.tls().cipherSuites()).isEmpty();
        assertThat(config.tls().preferServerCipherSuites()).isTrue();
        assertThat(config.users()).isEmpty();
        assertThat(config.headers()).isEmpty();
    }

    @Test
    void withoutCertificateKeyOrClientAuthItIsPlainHttp() throws Exception {
        assertThat(read("")).isEqualTo(WebConfig.NONE);
        assertThat(read("tls_server_config:\n  min_version: TLS13\n").tls()).isNull();
        assertThat(read("basic_auth_users:\n  carol: " + BcryptAuthenticatorTest.CAROL + "\n").tls()).isNull();
    }

    @Test
    void unknownAndUnsupportedKeysFailNamingTheKey() {
        assertFails("tls_server_confg: {}\n", "unknown key 'tls_server_confg' (known in the file: "
                + "tls_server_config, http_server_config, basic_auth_users)");
        assertFails("tls_server_config:\n  cert_fiel: x\n", "unknown key 'tls_server_config.cert_fiel'");
        assertFails("http_server_config:\n  headers:\n    X-Powered-By: me\n",
                "unknown key 'http_server_config.headers.X-Powered-By'");
        assertFails("rate_limit:\n  interval: 1s\n  burst: 5\n", "rate_limit is not supported by cache-exporter");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  client_allowed_sans: [a]\n",
                "tls_server_config.client_allowed_sans is not supported");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  curve_preferences: [X25519]\n",
                "tls_server_config.curve_preferences is not supported");
    }

    @Test
    void inconsistentTlsSettingsFail() {
        assertFails("tls_server_config:\n  key: k\n", "tls_server_config: missing cert_file (or inline cert)");
        assertFails("tls_server_config:\n  cert: c\n", "tls_server_config: missing key_file (or inline key)");
        assertFails("tls_server_config:\n  cert: c\n  cert_file: c.pem\n  key: k\n", "give cert or cert_file");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  client_ca: ca\n",
                "client_ca_file is set but client_auth_type is NoClientCert");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  client_auth_type: RequireAnyClientCert\n",
                "RequireAnyClientCert is not supported: it does not verify the client certificate");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  client_auth_type: Sometimes\n",
                "client_auth_type: unknown 'Sometimes'");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  min_version: TLS14\n",
                "min_version: unknown 'TLS14'");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  min_version: TLS13\n  max_version: TLS12\n",
                "min_version TLS13 is above max_version TLS12");
        assertFails("tls_server_config:\n  cert_file: nope.pem\n  key: k\n", "cannot read " + dir.resolve("nope.pem"));
    }

    @Test
    void badValuesFail() {
        assertFails("basic_auth_users:\n  carol: carol123\n", "the password of user 'carol' is not a bcrypt hash");
        assertFails("basic_auth_users: [carol]\n", "basic_auth_users: expected a map");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  prefer_server_cipher_suites: maybe\n",
                "prefer_server_cipher_suites: expected true or false");
        assertFails("tls_server_config:\n  cert: [c]\n  key: k\n", "cert: expected a string");
        assertFails("tls_server_config:\n  cert: c\n  key: k\n  cipher_suites: TLS_AES_128_GCM_SHA256\n",
                "cipher_suites: expected a list of strings");
        assertFails("http_server_config:\n  headers:\n    X-Frame-Options: allow\n",
                "X-Frame-Options: expected deny or sameorigin");
        assertFails("- a list\n", "the file: expected a map of keys");
    }

    @Test
    void yamlErrorsAndDuplicateKeysFailWithTheirLine() {
        assertFails("basic_auth_users:\n  carol: " + BcryptAuthenticatorTest.CAROL + "\n  carol: "
                + BcryptAuthenticatorTest.DAVE + "\n", "line 3", "Duplicate field 'carol'");
        assertFails("tls_server_config:\n  cert: [unclosed\n", "line 3");
    }

    @Test
    void aBcryptHashIsNeverPrinted() {
        String notQuite = BcryptAuthenticatorTest.CAROL.substring(0, 50);
        assertThatThrownBy(() -> read("basic_auth_users:\n  carol: '" + notQuite + "'\n"))
                .isInstanceOf(WebConfigException.class).message().doesNotContain(notQuite.substring(7));
    }

    private void assertFails(String yaml, String... fragments) {
        assertThatThrownBy(() -> read(yaml)).as(yaml).isInstanceOf(WebConfigException.class).message()
                .startsWith(dir.resolve("web.yml").toString()).contains(List.of(fragments));
    }
}
