package io.glasscache.cache.l2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class L2KeysTest {

    private static void assertMemcachedSafe(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(250);
        for (byte b : bytes) {
            assertThat(b & 0xff).isGreaterThan(0x20).isLessThan(0x7f);
        }
    }

    @Test
    void plainKeysStayReadable() {
        assertThat(L2Keys.key("users", 7, "user:42")).isEqualTo("users:7:k:user:42");
    }

    @Test
    void unsafeAndLongKeysAreHashedIntoSafeDistinctKeys() {
        String kb = "x".repeat(1024);
        List<String> raws = List.of("with space", "tab\there", "nl\nx", "ctl\u0001", "del\u007f", "unicodé ユーザー",
                "😀", kb, kb + "y", "x".repeat(250), "", "h:abc");
        Set<String> keys = new HashSet<>();
        for (String raw : raws) {
            String key = L2Keys.key("ns", 1, raw);
            assertMemcachedSafe(key);
            keys.add(key);
        }
        assertThat(keys).hasSize(raws.size()); // no two raw keys share an L2 key
        assertThat(L2Keys.key("ns", 1, kb)).startsWith("ns:1:h:").doesNotContain("xxxx");
    }

    @Test
    void hashedFormNeverCollidesWithARawKeyThatLooksLikeIt() {
        String hashed = L2Keys.key("ns", 1, "a b");
        String suffix = hashed.substring("ns:1:h:".length());
        assertThat(L2Keys.key("ns", 1, "h:" + suffix)).isNotEqualTo(hashed);
        assertThat(L2Keys.key("ns", 1, suffix)).isNotEqualTo(hashed);
    }

    @Test
    void versionIsPartOfEveryKey() {
        assertThat(L2Keys.key("ns", 1, "a")).isNotEqualTo(L2Keys.key("ns", 2, "a"));
        assertThat(L2Keys.key("ns", 1, "a b")).isNotEqualTo(L2Keys.key("ns", 2, "a b"));
    }
}
