package io.glasscache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemcachedExtensionIT {

    @RegisterExtension
    static final MemcachedExtension ring = MemcachedExtension.builder()
            .instances(3).memoryMb(16).maxConnections(64).extraArgs("-t", "2").build();

    @Test
    void startsSeveralIndependentServersWithTheGivenOptions() {
        List<MemcachedServer> servers = ring.servers();
        assertThat(servers).hasSize(3);
        Set<Integer> ports = new HashSet<>();
        for (MemcachedServer server : servers) {
            ports.add(server.port());
            assertThat(server.rawSet("k", "v-" + server.port()).contains("STORED")).isTrue();
            String settings = server.command("stats settings");
            assertThat(settings).contains("STAT maxbytes " + 16L * 1024 * 1024)
                    .contains("STAT maxconns 64")
                    .contains("STAT num_threads 2");
        }
        assertThat(ports).hasSize(3);
        // Independent: each holds only its own value.
        for (MemcachedServer server : servers) {
            assertThat(server.command("get k")).contains("v-" + server.port());
        }
        assertThat(ring.addresses().split(",")).hasSize(3);
    }

    @Test
    void freezeStopsAnsweringAndResumeBringsItBack() throws IOException {
        MemcachedServer server = ring.server();
        server.rawSet("frozen", "yes");
        server.freeze();
        assertThat(server.isFrozen()).isTrue();
        try (Socket socket = new Socket(server.host(), server.port())) { // the kernel still accepts
            socket.setSoTimeout(500);
            socket.getOutputStream().write("get frozen\r\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        }
        server.resume();
        assertThat(server.command("get frozen")).contains("yes");
    }

    @Test
    void killRefusesConnectionsAndRestartServesOnTheSamePort() {
        MemcachedServer server = ring.servers().get(1);
        int port = server.port();
        long pid = server.pid();
        server.rawSet("gone", "soon");
        server.kill();
        assertThat(server.isRunning()).isFalse();
        assertThat(FreePort.accepting(server.host(), port)).isFalse();

        server.restart();
        assertThat(server.port()).isEqualTo(port);
        assertThat(server.isRunning()).isTrue();
        if (server.backend() == Backend.BINARY) {
            assertThat(server.pid()).isNotEqualTo(pid);
            assertThat(ProcessHandle.of(pid)).isEmpty();
        }
        assertThat(server.command("get gone")).isEqualTo("END\r\n"); // a fresh, empty server
    }

    @Test
    void stopThenRestart() {
        MemcachedServer server = ring.servers().get(2);
        server.stop();
        assertThat(FreePort.accepting(server.host(), server.port())).isFalse();
        server.restart();
        assertThat(server.command("version")).startsWith("VERSION 1.");
    }
}
