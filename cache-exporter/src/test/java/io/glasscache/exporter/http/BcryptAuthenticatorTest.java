package io.glasscache.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * bcrypt checks against hashes made elsewhere: {@code $2y$} hashes and their passwords from the exporter toolkit's
 * own test data (web/testdata/web_config_users_noTLS.good.yml and tls_config_test.go), so a file written for the
 * official exporter works here.
 */
class BcryptAuthenticatorTest {

    static final String CAROL = "$2y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu"; // carol123
    static final String DAVE = "$2y$10$2UXri9cIDdgeKjBo4Rlpx.U3ZLDV8X1IxKmsfOvhcM5oXQt/mLmXq"; // dave123

    @Test
    void acceptsTheRightPasswordOnlyAndRemembersIt() {
        BcryptAuthenticator authenticator = new BcryptAuthenticator(Map.of("carol", CAROL, "dave", DAVE));
        assertThat(authenticator.checkCredentials("carol", "carol123")).isTrue();
        assertThat(authenticator.checkCredentials("dave", "dave123")).isTrue();
        assertThat(authenticator.remembered()).isEqualTo(2);

        assertThat(authenticator.checkCredentials("carol", "carol123")).as("remembered").isTrue();
        assertThat(authenticator.remembered()).isEqualTo(2);

        assertThat(authenticator.checkCredentials("carol", "dave123")).isFalse();
        assertThat(authenticator.checkCredentials("dave", "carol123")).as("another user's password").isFalse();
        assertThat(authenticator.checkCredentials("carol", "")).isFalse();
        assertThat(authenticator.checkCredentials("eve", "carol123")).as("unknown user").isFalse();
        assertThat(authenticator.checkCredentials("carol", "c".repeat(100))).as("past bcrypt's 72 bytes").isFalse();
        assertThat(authenticator.remembered()).as("failures are never remembered").isEqualTo(2);
    }

    @Test
    void aHashIsNeverAPassword() {
        BcryptAuthenticator authenticator = new BcryptAuthenticator(Map.of("carol", CAROL));
        assertThat(authenticator.checkCredentials("carol", CAROL)).isFalse();
        assertThat(authenticator.checkCredentials("carol" + CAROL, "carol123")).isFalse();
    }
}
