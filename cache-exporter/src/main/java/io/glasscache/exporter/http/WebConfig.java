package io.glasscache.exporter.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code --web.config.file}: TLS, basic auth and response headers, in the format of the Prometheus exporter
 * toolkit's web configuration file, read once at start-up ({@link WebConfigReader}).
 *
 * @param tls     null for plain HTTP
 * @param users   user name to bcrypt hash; empty for no authentication
 * @param headers response headers added to every answer ({@code http_server_config.headers})
 */
record WebConfig(Tls tls, Map<String, String> users, Map<String, String> headers) {

    static final WebConfig NONE = new WebConfig(null, Map.of(), Map.of());

    WebConfig {
        users = Map.copyOf(users);
        headers = Map.copyOf(headers);
    }

    static WebConfig load(Path file) throws WebConfigException {
        return WebConfigReader.read(file);
    }

    /** {@code client_auth_type}: the policies that verify a client certificate against the client CAs. */
    enum ClientAuth {
        NO_CLIENT_CERT("NoClientCert"),
        VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven"),
        REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert");

        final String configName;

        ClientAuth(String configName) {
            this.configName = configName;
        }
    }

    /**
     * {@code tls_server_config}, its files read. A source names where a PEM came from, for messages.
     *
     * @param clientCaPem  CA certificates for client certificates; null: the JVM's trust store
     * @param protocols    JSSE names of the versions from {@code min_version} to {@code max_version}
     * @param cipherSuites the TLS 1.2 (and older) suites to allow, empty for the JDK's; TLS 1.3 keeps its own
     */
    record Tls(String certPem, String certSource, String keyPem, String keySource, String clientCaPem,
               String clientCaSource, ClientAuth clientAuth, List<String> protocols, List<String> cipherSuites,
               boolean preferServerCipherSuites) {

        Tls {
            protocols = List.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }
    }
}
