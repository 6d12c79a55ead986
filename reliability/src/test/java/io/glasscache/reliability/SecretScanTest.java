package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** No secret in the repository (what git tracks, and untracked files it would take), and the scan finds them. */
class SecretScanTest {

    private static final String PUBLIC_VECTORS = "the Prometheus exporter toolkit's published test users (carol, "
            + "password carol123; dave, dave123), guarding nothing";

    /** Findings that are no secret, each with the reason. */
    static final Map<String, String> ALLOWED = Map.of(
            "cache-exporter/src/test/java/io/glasscache/exporter/WebConfigIT.java bcrypt hash", PUBLIC_VECTORS,
            "cache-exporter/src/test/java/io/glasscache/exporter/http/BcryptAuthenticatorTest.java bcrypt hash",
            PUBLIC_VECTORS,
            "docs/exporter.md bcrypt hash", PUBLIC_VECTORS + ", as the example of the format");


    @Test
    void theRepositoryHoldsNoSecret() throws Exception {
        List<SecretScan.Finding> findings = SecretScan.scanRepository(ALLOWED);
        assertThat(findings).as("secrets, or allowed findings not yet listed with their reason").isEmpty();
    }

    @Test
    void eachRuleFindsWhatItIsFor() {
        // pieced together here, so that this file does not hold what it looks for
        String text = String.join("\n",
                "-----BEGIN RSA " + "PRIVATE KEY-----",
                "-----BEGIN " + "PRIVATE KEY-----",
                "aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE",
                "token: ghp_" + "a".repeat(36),
                "slack: xoxb" + "-123456789012-abcdefghij",
                "key=AIza" + "b".repeat(35),
                "eyJ" + "hbGciOiJIUzI1NiJ9.eyJ" + "zdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop",
                "url: https://admin:" + "hunter2secret@db.example.com/x",
                "user: $2y$10$" + "c".repeat(53),
                "  pass" + "word: hunter2secret",
                "GRAFANA_ADMIN_PASS" + "WORD=s3cretValue");
        List<String> rules = SecretScan.scan("sample", text).stream().map(SecretScan.Finding::rule).toList();
        assertThat(rules).contains("private key", "AWS access key", "GitHub token", "Slack token", "Google API key",
                "JWT", "credentials in a URL", "bcrypt hash", "password with a literal value");
        assertThat(SecretScan.scan("sample", text)).hasSizeGreaterThanOrEqualTo(11);
    }

    @Test
    void placeholdersAndReferencesAreNoSecrets() {
        String text = String.join("\n",
                "password: ${GRAFANA_ADMIN_PASSWORD:?set it}",
                "String password = Base64.getUrlEncoder().encodeToString(secret);",
                "static final String PASSWORD = \"GRAFANA_ADMIN_PASSWORD\";",
                "#   export GRAFANA_ADMIN_PASSWORD=...            # pass" + "word: required, there is no default",
                "GF_SECURITY_ADMIN_PASSWORD=\"$GRAFANA_ADMIN_PASSWORD\"",
                "export GRAFANA_ADMIN_PASSWORD=...",
                "password: <choose one>",
                "token:",
                "basic_auth_users: {}");
        assertThat(SecretScan.scan("sample", text)).isEmpty();
    }
}
