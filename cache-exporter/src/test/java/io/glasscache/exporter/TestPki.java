package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.glasscache.exporter.tls.Pem;
import io.glasscache.testing.ToolResult;

/**
 * Certificates made at test time with Debian's {@code /usr/bin/openssl} in a directory: CAs, and certificates they
 * sign, valid two days. A server's key is RSA in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default),
 * a client's EC P-256 in PKCS#8, so both key formats the exporter reads are used.
 */
final class TestPki {

    private final Path dir;

    TestPki(Path dir) {
        this.dir = dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** {@code <name>.pem} and {@code <name>.key}: a self-signed CA. */
    TestPki ca(String name) {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + name);
        return this;
    }

    /** {@code <name>.pem} and {@code <name>.key}: a server certificate, e.g. for "IP:127.0.0.1,DNS:localhost". */
    TestPki server(String name, String ca, String subjectAltNames) throws IOException {
        openssl("genrsa", "-traditional", "-out", name + ".key", "2048");
        return signed(name, ca, "subjectAltName=" + subjectAltNames + "\nextendedKeyUsage=serverAuth\n");
    }

    /** {@code <name>.pem} and {@code <name>.key}: a client certificate. */
    TestPki client(String name, String ca) throws IOException {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        return signed(name, ca, "extendedKeyUsage=clientAuth\n");
    }

    private TestPki signed(String name, String ca, String extensions) throws IOException {
        Files.writeString(file(name + ".ext"), extensions);
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext");
        return this;
    }

    /**
     * TLS that trusts {@code ca} and presents {@code certificate} (null for none), speaking {@code protocol}: a
     * client's, or a server's that verifies client certificates against {@code ca}.
     */
    SSLContext context(String ca, String certificate, String protocol) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance(protocol);
        List<X509Certificate> chain = certificate == null ? null
                : Pem.certificates(Pem.read(file(certificate + ".pem")), certificate);
        context.init(chain == null ? null : Pem.keyManagers(chain, Pem.privateKey(Pem.read(file(certificate
                + ".key")), chain.get(0).getPublicKey().getAlgorithm(), certificate)),
                Pem.trustManagers(Pem.certificates(Pem.read(file(ca + ".pem")), ca)), new SecureRandom());
        return context;
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        ToolResult result = ToolResult.run(dir, command, Duration.ofSeconds(30));
        assertThat(result.succeeded()).as("openssl %s: %s", args[0], result.output()).isTrue();
    }
}
