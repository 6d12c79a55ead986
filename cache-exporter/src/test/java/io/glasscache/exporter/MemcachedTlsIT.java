package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.glasscache.testing.MemcachedExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --memcached.tls.*} end to end. Debian's memcached is built without TLS, so the real memcached sits behind
 * a TLS-terminating proxy written here; the certificates are made at test time with openssl ({@link TestPki}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemcachedTlsIT {

    private static final int ITEMS = 3;
    /** Connections per server: stats items has one of its own (StatsClient). */
    private static final int LANES = 2;
    /**
     * The client's limit on every scrape: far above a loopback TLS failure, even on a loaded machine, and half of
     * {@code --memcached.timeout=10s}, so a refused handshake that waited the timeout out fails the test.
     */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(16).build();

    @TempDir
    static Path certs;

    private static Path caPem;
    private static Path clientChainPem;
    private static Path clientKeyPem;
    private static SSLContext proxyContext;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void certificatesAndData() throws Exception {
        TestPki pki = new TestPki(certs).ca("ca").server("server", "ca", "IP:127.0.0.1,DNS:memcached.test")
                .client("client", "ca");
        caPem = pki.file("ca.pem");
        clientChainPem = pki.file("client.pem");
        clientKeyPem = pki.file("client.key");
        proxyContext = pki.context("ca", "server", "TLS");

        for (int i = 0; i < ITEMS; i++) {
            assertThat(MEMCACHED.server().rawSet("tls-key-" + i, "value-" + i)).isEqualTo("STORED\r\n");
        }
    }

    @AfterEach
    void closeExportersAndProxies() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) { // an exporter before the proxy it scrapes
            opened.get(i).close();
        }
    }

    @Test
    void mutualTlsBringsRealValuesOverKeptConnections() throws Exception {
        TlsProxy proxy = proxy(true);
        ExporterHttp exporter = exporter(proxy, ca(), clientCert(), clientKey());

        Map<String, Double> first = scrape(exporter);
        assertThat(first).containsEntry("memcached_up", 1.0)
                .containsEntry("memcached_exporter_parse_errors_total", 0.0)
                .containsEntry("memcached_current_items", (double) ITEMS)
                .containsEntry("memcached_limit_bytes", 16.0 * 1024 * 1024);
        assertThat(first.keySet()).as("stats items, the second lane").anyMatch(
                k -> k.startsWith("memcached_slab_current_items{"));
        assertThat(proxy.handshakes()).isEqualTo(LANES);
        assertThat(proxy.serverNames()).as("no SNI for an IP target (RFC 6066)").isEmpty();

        assertThat(scrape(exporter)).containsEntry("memcached_up", 1.0)
                .containsEntry("memcached_current_items", (double) ITEMS);
        assertThat(proxy.handshakes()).as("the second scrape reuses the kept TLS connections").isEqualTo(LANES);
    }

    @Test
    void serverNameIsSentAsSniAndVerifiedAgainstTheCertificate() throws Exception {
        TlsProxy proxy = proxy(false);

        ExporterHttp matching = exporter(proxy, ca(), "--memcached.tls.server-name=memcached.test");
        assertThat(scrape(matching)).containsEntry("memcached_up", 1.0);
        assertThat(proxy.serverNames()).containsExactly("memcached.test", "memcached.test");

        ExporterHttp wrong = exporter(proxy, ca(), "--memcached.tls.server-name=other.test");
        assertThat(scrape(wrong)).containsEntry("memcached_up", 0.0);
        assertThat(proxy.handshakes()).isEqualTo(LANES); // the matching exporter's; the wrong name completes none
    }

    @Test
    void upstreamCaFileSpellingWorksTheSame() throws Exception {
        TlsProxy proxy = proxy(true);
        ExporterHttp exporter = exporter(proxy, "--memcached.tls.ca-file=" + caPem, clientCert(), clientKey());

        assertThat(scrape(exporter)).containsEntry("memcached_up", 1.0)
                .containsEntry("memcached_current_items", (double) ITEMS);
        assertThat(proxy.handshakes()).isEqualTo(LANES);
    }

    @Test
    void withoutOurCaTheJvmTrustStoreRejectsTheServerUnlessVerificationIsSkipped() throws Exception {
        TlsProxy proxy = proxy(false);

        assertThat(scrape(exporter(proxy))).containsEntry("memcached_up", 0.0);
        assertThat(proxy.handshakes()).isZero();

        ExporterHttp skipping = exporter(proxy, "--memcached.tls.insecure-skip-verify");
        assertThat(scrape(skipping)).containsEntry("memcached_up", 1.0)
                .containsEntry("memcached_current_items", (double) ITEMS);
        assertThat(proxy.handshakes()).isEqualTo(LANES);

        // skipping verification skips the name check too, as upstream's InsecureSkipVerify does
        ExporterHttp skippingName = exporter(proxy, "--memcached.tls.insecure-skip-verify",
                "--memcached.tls.server-name=other.test");
        assertThat(scrape(skippingName)).containsEntry("memcached_up", 1.0);
        assertThat(proxy.handshakes()).isEqualTo(2 * LANES);
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesAnExporterWithoutOne() throws Exception {
        TlsProxy proxy = proxy(true);

        assertThat(scrape(exporter(proxy, ca()))).containsEntry("memcached_up", 0.0);
        assertThat(proxy.handshakes()).isZero();
    }

    private static String ca() {
        return "--memcached.tls.ca=" + caPem;
    }

    private static String clientCert() {
        return "--memcached.tls.cert-file=" + clientChainPem;
    }

    private static String clientKey() {
        return "--memcached.tls.key-file=" + clientKeyPem;
    }

    private TlsProxy proxy(boolean needClientAuth) throws IOException {
        TlsProxy proxy = new TlsProxy(proxyContext, needClientAuth, MEMCACHED.server().socketAddress());
        opened.add(proxy);
        return proxy;
    }

    /** The exporter as its flags configure it, TLS on, scraping the proxy. */
    private ExporterHttp exporter(TlsProxy proxy, String... tlsFlags) throws Exception {
        String target = "127.0.0.1:" + proxy.port();
        List<String> flags = new ArrayList<>(List.of("--memcached.address=" + target, "--memcached.timeout=10s",
                "--memcached.tls.enable"));
        flags.addAll(List.of(tlsFlags));
        ExporterHttp exporter = new ExporterHttp(MemcachedCollector.builder().target(target),
                flags.toArray(String[]::new));
        opened.add(exporter);
        return exporter;
    }

    /** One scrape, within {@link #PROMPT}. */
    private static Map<String, Double> scrape(ExporterHttp exporter) throws Exception {
        return Golden.samples(HttpClient.newHttpClient().send(exporter.request("/metrics").timeout(PROMPT).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    // ---- the proxy ----

    /**
     * What a memcached built with TLS would offer: a TLS endpoint on loopback, each connection decrypted and piped
     * to the real memcached over plain TCP. Counts completed handshakes and records the SNI names sent.
     */
    private static final class TlsProxy implements AutoCloseable {
        private final SSLServerSocket listener;
        private final InetSocketAddress memcached;
        private final AtomicInteger handshakes = new AtomicInteger();
        private final List<String> serverNames = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        TlsProxy(SSLContext context, boolean needClientAuth, InetSocketAddress memcached) throws IOException {
            this.memcached = memcached;
            this.listener = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
            listener.setNeedClientAuth(needClientAuth);
            daemon("tls-proxy-accept", this::acceptAll);
        }

        int port() {
            return listener.getLocalPort();
        }

        int handshakes() {
            return handshakes.get();
        }

        List<String> serverNames() {
            return List.copyOf(serverNames);
        }

        private void acceptAll() {
            while (true) {
                try {
                    SSLSocket client = (SSLSocket) listener.accept();
                    sockets.add(client);
                    daemon("tls-proxy-in", () -> serve(client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Handshake, then client -> memcached on this thread and memcached -> client on a second one. */
        private void serve(SSLSocket client) {
            try {
                client.setSoTimeout(5000); // a client stalled mid-handshake must not pin this thread
                client.startHandshake();
                client.setSoTimeout(0);
                for (SNIServerName name : ((ExtendedSSLSession) client.getSession()).getRequestedServerNames()) {
                    serverNames.add(((SNIHostName) name).getAsciiName());
                }
                handshakes.incrementAndGet();
                Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(memcached, 1000);
                daemon("tls-proxy-out", () -> pipe(upstream, client));
                pipe(client, upstream);
            } catch (IOException e) {
                closeQuietly(client); // a refused handshake: the tests check what the exporter made of it
            }
        }

        /** Copies until either side ends, then closes both, which also ends the opposite pipe. */
        private static void pipe(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // the other direction closed the sockets
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void daemon(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            sockets.forEach(TlsProxy::closeQuietly);
        }
    }
}
