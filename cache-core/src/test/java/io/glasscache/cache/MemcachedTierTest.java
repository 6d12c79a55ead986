package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemcachedTierTest {

    @Test
    void parsesServerLists() {
        assertThat(MemcachedTier.Builder.parseServers("127.0.0.1:11211, [::1]:11212,localhost:1"))
                .extracting(a -> a.getHostString() + ":" + a.getPort())
                .hasSize(3).startsWith("127.0.0.1:11211").endsWith("localhost:1");
        assertThatThrownBy(() -> MemcachedTier.Builder.parseServers("nohost"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemcachedTier.Builder.parseServers("h:99999"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemcachedTier.Builder.parseServers(" , "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
