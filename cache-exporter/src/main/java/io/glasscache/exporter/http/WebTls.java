package io.glasscache.exporter.http;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;

import io.glasscache.exporter.tls.Pem;

/**
 * The HTTPS side of {@code tls_server_config}: the server certificate and key, client certificates verified
 * against the client CAs when the policy asks for them, the TLS versions and the TLS 1.2 cipher suites.
 */
final class WebTls {

    private WebTls() {
    }

    /**
     * Reads the certificates and key and checks every setting against this JVM now, so a bad configuration fails at
     * start-up.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static HttpsConfigurator configurator(WebConfig.Tls tls) {
        List<X509Certificate> chain = Pem.certificates(tls.certPem(), tls.certSource());
        TrustManager[] clientTrust = tls.clientCaPem() == null ? null
                : Pem.trustManagers(Pem.certificates(tls.clientCaPem(), tls.clientCaSource()));
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(Pem.keyManagers(chain, Pem.privateKey(tls.keyPem(), chain.get(0).getPublicKey()
                    .getAlgorithm(), tls.keySource())), clientTrust, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
        SSLParameters parameters = parameters(context, tls);
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(parameters);
            }
        };
    }

    private static SSLParameters parameters(SSLContext context, WebConfig.Tls tls) {
        SSLParameters supported = context.getSupportedSSLParameters();
        SSLParameters parameters = context.getDefaultSSLParameters();
        List<String> protocols = new ArrayList<>(tls.protocols());
        protocols.retainAll(Arrays.asList(supported.getProtocols()));
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("tls_server_config: this JVM supports none of " + tls.protocols());
        }
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (!tls.cipherSuites().isEmpty()) {
            List<String> known = Arrays.asList(supported.getCipherSuites());
            List<String> suites = new ArrayList<>();
            for (String suite : tls.cipherSuites()) {
                if (!known.contains(suite)) {
                    throw new IllegalArgumentException("tls_server_config.cipher_suites: " + suite + " is not "
                            + "supported by this JVM");
                }
                suites.add(suite);
            }
            // as in Go, the list restricts TLS 1.2 and older; TLS 1.3 keeps its own suites
            for (String suite : parameters.getCipherSuites()) {
                if (isTls13(suite) && !suites.contains(suite)) {
                    suites.add(suite);
                }
            }
            parameters.setCipherSuites(suites.toArray(String[]::new));
        }
        parameters.setUseCipherSuitesOrder(tls.preferServerCipherSuites());
        switch (tls.clientAuth()) {
            case REQUIRE_AND_VERIFY_CLIENT_CERT -> parameters.setNeedClientAuth(true);
            case VERIFY_CLIENT_CERT_IF_GIVEN -> parameters.setWantClientAuth(true);
            default -> parameters.setNeedClientAuth(false);
        }
        return parameters;
    }

    private static boolean isTls13(String suite) {
        return suite.equals("TLS_AES_128_GCM_SHA256") || suite.equals("TLS_AES_256_GCM_SHA384")
                || suite.equals("TLS_CHACHA20_POLY1305_SHA256");
    }
}
