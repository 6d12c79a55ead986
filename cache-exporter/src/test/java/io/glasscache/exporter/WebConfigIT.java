package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import io.glasscache.testing.MemcachedExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --web.config.file} end to end: the exporter over real HTTPS in front of a real memcached, with certificates
 * made by openssl at test time. Plain HTTP, a client without a certificate or with one from another CA, an older TLS
 * version and wrong or missing basic-auth credentials are refused; the right ones get the metrics.
 */
class WebConfigIT {

    /** The exporter toolkit's own test user (web/testdata): carol, password carol123. */
    private static final String CAROL = "$2y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu";

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(16).build();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private final List<ExporterHttp> exporters = new ArrayList<>();

    @BeforeAll
    static void certificates() throws IOException {
        pki = new TestPki(dir).ca("ca").server("server", "ca", "IP:127.0.0.1,DNS:localhost").client("prometheus", "ca").ca("rogue-ca")
                .client("rogue", "rogue-ca");
    }

    @AfterEach
    void stop() {
        exporters.forEach(ExporterHttp::close);
    }

    private ExporterHttp exporter(String webConfig) throws Exception {
        Path file = Files.writeString(dir.resolve("web-" + exporters.size() + ".yml"), webConfig);
        ExporterHttp exporter = ExporterHttp.of(MEMCACHED.server().address(), "--web.config.file=" + file);
        exporters.add(exporter);
        assertThat(exporter.server.secure()).isEqualTo(webConfig.contains("tls_server_config"));
        return exporter;
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void httpsWithBasicAuthLetsInTheRightCredentialsOnly() throws Exception {
        ExporterHttp exporter = exporter("""
                tls_server_config:
                  cert_file: server.pem
                  key_file: server.key
                basic_auth_users:
                  carol: %s
                http_server_config:
                  headers:
                    X-Content-Type-Options: nosniff
                """.formatted(CAROL));
        HttpClient client = client(pki.context("ca", null, "TLS"));
        URI metrics = exporter.uri("/metrics");
        assertThat(metrics.getScheme()).isEqualTo("https");

        for (String[] refused : new String[][] {{}, {"Authorization", basic("carol", "wrong")},
            {"Authorization", basic("mallory", "carol123")}, {"Authorization", "Bearer carol123"}}) {
            HttpResponse<String> response = get(client, metrics, refused);
            assertThat(response.statusCode()).as("credentials %s", List.of(refused)).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Basic realm="));
            assertThat(response.body()).doesNotContain("memcached_up");
        }
        assertThat(get(client, exporter.uri("/"), refused()).statusCode()).as("every path").isEqualTo(401);

        HttpResponse<String> allowed = get(client, metrics, "Authorization", basic("carol", "carol123"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(Golden.samples(allowed.body())).containsEntry("memcached_up", 1.0);
        assertThat(get(client, metrics, "Authorization", basic("carol", "carol123")).statusCode())
                .as("again, the pair remembered").isEqualTo(200);
    }

    private static String[] refused() {
        return new String[] {"Authorization", basic("carol", "carol1234")};
    }

    @Test
    void plainHttpGetsNoAnswerFromTheHttpsPort() throws Exception {
        ExporterHttp exporter = exporter("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n");
        URI plain = URI.create("http://127.0.0.1:" + exporter.server.port() + "/metrics");
        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), plain)).isInstanceOf(IOException.class);
        try (RawHttp connection = RawHttp.connect(exporter.server.port())) {
            String answer = new String(connection.get("/metrics").readToEnd(), StandardCharsets.ISO_8859_1);
            assertThat(answer).as("what the HTTPS port sent before closing").doesNotStartWith("HTTP/")
                    .doesNotContain("memcached_up");
        }
        HttpResponse<String> https = get(client(pki.context("ca", null, "TLS")), exporter.uri("/metrics"));
        assertThat(Golden.samples(https.body())).containsEntry("memcached_up", 1.0);
    }

    @Test
    void requireAndVerifyClientCertLetsInOnlyClientsWithACertificateOfTheClientCa() throws Exception {
        ExporterHttp exporter = exporter("""
                tls_server_config:
                  cert_file: server.pem
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.pem
                """);
        URI metrics = exporter.uri("/metrics");
        assertThatThrownBy(() -> get(client(pki.context("ca", null, "TLS")), metrics))
                .as("no client certificate").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(client(pki.context("ca", "rogue", "TLS")), metrics))
                .as("a certificate of another CA").isInstanceOf(IOException.class);

        HttpResponse<String> response = get(client(pki.context("ca", "prometheus", "TLS")), metrics);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Golden.samples(response.body())).containsEntry("memcached_up", 1.0);
    }

    @Test
    void minVersionRefusesOlderClients() throws Exception {
        ExporterHttp exporter = exporter("""
                tls_server_config:
                  cert_file: server.pem
                  key_file: server.key
                  min_version: TLS13
                """);
        try (SSLSocket tls12 = (SSLSocket) pki.context("ca", null, "TLS").getSocketFactory()
                .createSocket("127.0.0.1", exporter.server.port())) {
            tls12.setEnabledProtocols(new String[] {"TLSv1.2"});
            tls12.setSoTimeout(10_000);
            assertThatThrownBy(tls12::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(get(client(pki.context("ca", null, "TLSv1.3")), exporter.uri("/metrics")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aCertificateThatIsNoCertificateFailsAtStartUp() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.yml"), "tls_server_config:\n  cert_file: server.key\n"
                + "  key_file: server.key\n");
        assertThatThrownBy(() -> ExporterHttp.of(MEMCACHED.server().address(), "--web.config.file=" + file))
                .isInstanceOf(io.glasscache.exporter.http.WebConfigException.class)
                .hasMessageContaining(dir.resolve("server.key") + ": ");
    }
}
