package io.glasscache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several servers on one port and distinct loopback addresses: what a headless service's DNS names. */
class MemcachedSharedPortIT {

    @RegisterExtension
    final MemcachedExtension headless = MemcachedExtension.builder()
            .listenAddresses("127.0.0.2", "127.0.0.3").memoryMb(8).build();

    @Test
    void eachAddressIsItsOwnServerOnTheSamePort() {
        List<MemcachedServer> servers = headless.servers();
        assertThat(servers).extracting(MemcachedServer::port).containsOnly(servers.get(0).port());
        assertThat(servers).extracting(MemcachedServer::host).containsExactly("127.0.0.2", "127.0.0.3");
        servers.get(0).rawSet("who", "two");
        assertThat(servers.get(0).command("get who")).contains("two");
        assertThat(servers.get(1).command("get who")).isEqualTo("END\r\n");
    }
}
