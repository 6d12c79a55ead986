package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.glasscache.testing.FreePort;
import io.glasscache.testing.ManagedProcess;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The shipped exporter jar with a web configuration of TLS and basic auth, from outside: plain HTTP on the TLS
 * port gets no HTTP answer, no or wrong credentials get 401, the right ones the metrics; and a /scrape without
 * credentials, for an allowlisted target, is refused before the exporter connects to it (a listening socket
 * stands there and sees no connection until the request is authenticated). cache-exporter's WebConfigIT covers
 * the configuration in depth (client certificates, TLS versions, bad files); this is the black-box check.
 */
class ExporterWebConfigIT {

    @TempDir
    Path dir;

    private final List<ManagedProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(ManagedProcess::close);
    }

    @Test
    void tlsAndBasicAuthRefuseWhatTheyShould() throws Exception {
        Shell.Result openssl = Shell.run(Duration.ofSeconds(60), "openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "1", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost");
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().encodeToString(secret); // made here, never written anywhere
        Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"
                + "  min_version: TLS12\nbasic_auth_users:\n  prometheus: '"
                + new BCryptPasswordEncoder(10).encode(password) + "'\n");

        try (ConnectionWatch target = new ConnectionWatch("127.0.0.1")) {
            int port = FreePort.pick();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(List.of("-Xmx32m", "-Xms8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-XX:+ExitOnOutOfMemoryError", "-jar", Project.file(Stack.EXPORTER_JAR).toString(),
                    "--memcached.address=127.0.0.1:" + FreePort.pick(), "--web.listen-address=127.0.0.1:" + port,
                    "--web.config.file=" + dir.resolve("web.yml"), "--scrape.allowed-targets=127.0.0.1:"
                            + target.port()));
            ManagedProcess exporter = ManagedProcess.start("exporter-tls", command, dir.resolve("exporter.log"));
            processes.add(exporter);
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(dir.resolve("cert.pem")))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            URI metrics = URI.create("https://127.0.0.1:" + port + "/metrics");
            Awaitility.await("the exporter up").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> status(https, metrics, null) == 401);

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(plainHttp(port)).as("plain HTTP on the TLS port").doesNotStartWith("HTTP/");
            HttpResponse<String> anonymous = send(https, metrics, null);
            soft.assertThat(anonymous.statusCode()).isEqualTo(401);
            soft.assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Basic"));
            soft.assertThat(status(https, metrics, "prometheus:wrong")).isEqualTo(401);
            soft.assertThat(status(https, metrics, "nobody:" + password)).isEqualTo(401);
            soft.assertThat(status(https, metrics, "prometheus:" + password + "x")).isEqualTo(401);
            URI scrape = URI.create("https://127.0.0.1:" + port + "/scrape?target=127.0.0.1:" + target.port());
            soft.assertThat(status(https, scrape, null)).as("an unauthenticated /scrape").isEqualTo(401);
            soft.assertThat(target.accepted()).as("connections to the target before authentication").isZero();
            soft.assertThat(status(https, metrics, "prometheus:" + password)).isEqualTo(200);
            soft.assertThat(status(https, scrape, "prometheus:" + password)).as("an authenticated /scrape")
                    .isEqualTo(200);
            soft.assertThat(target.accepted()).as("the authenticated scrape reached its target").isPositive();
            soft.assertThat(exporter.isAlive()).isTrue();
            soft.assertAll();
        }
    }

    /** What a plain-HTTP GET on the TLS port gets back: never an HTTP answer. */
    private static String plainHttp(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(16);
            return new String(answer, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(" + e.getClass().getSimpleName() + ")";
        }
    }

    private static int status(HttpClient client, URI uri, String credentials) throws Exception {
        return send(client, uri, credentials).statusCode();
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("exporter", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), new SecureRandom());
        return context;
    }
}
