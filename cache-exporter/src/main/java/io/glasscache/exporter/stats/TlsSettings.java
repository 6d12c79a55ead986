package io.glasscache.exporter.stats;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import io.glasscache.exporter.tls.Pem;

/**
 * TLS to memcached ({@code --memcached.tls.*}). PEM files (read by {@link Pem}): a CA bundle, and a client
 * certificate with its private key for mutual TLS.
 *
 * @param serverName         the name to verify and send as SNI; null: the target's host
 * @param insecureSkipVerify accept any server certificate (for tests only)
 */
public record TlsSettings(boolean enabled, Path caFile, Path certFile, Path keyFile, String serverName,
                          boolean insecureSkipVerify) {

    public static final TlsSettings DISABLED = new TlsSettings(false, null, null, null, null, false);

    /** Checks the combination and reads the files now, so that a bad setting fails at start-up, not per scrape. */
    public SSLSocketFactory socketFactory() {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("--memcached.tls.cert-file and --memcached.tls.key-file go together");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers(), new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS to memcached: " + e.getMessage(), e);
        }
    }

    private KeyManager[] keyManagers() {
        if (certFile == null) {
            return null;
        }
        List<X509Certificate> chain = Pem.certificates(Pem.read(certFile), certFile.toString());
        return Pem.keyManagers(chain, Pem.privateKey(Pem.read(keyFile), chain.get(0).getPublicKey().getAlgorithm(),
                keyFile.toString()));
    }

    private TrustManager[] trustManagers() {
        if (insecureSkipVerify) {
            return new TrustManager[] {new TrustAll()};
        }
        if (caFile == null) {
            return null; // the JDK's default trust store
        }
        return Pem.trustManagers(Pem.certificates(Pem.read(caFile), caFile.toString()));
    }

    /**
     * --memcached.tls.insecure-skip-verify: the operator explicitly chose not to verify. Extended, because the JDK
     * wraps a plain X509TrustManager in one that still checks the host name (MemcachedTlsIT).
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
