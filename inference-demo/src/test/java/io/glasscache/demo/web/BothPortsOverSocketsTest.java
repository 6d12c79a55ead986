package io.glasscache.demo.web;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo on random API and management ports, for tests that talk to them over raw sockets: no memcached, a
 * store of a few milliseconds, and failover snapshots in a directory of the test class's own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "glasscache.memcached.enabled=false",
        "demo.feature-store.latency-median=1ms",
        "demo.feature-store.latency-p99=3ms",
        "management.server.port=0"})
abstract class BothPortsOverSocketsTest {

    @TempDir
    static Path snapshots;

    @DynamicPropertySource
    static void snapshotDirectory(DynamicPropertyRegistry registry) {
        registry.add("glasscache.failover.snapshot-dir", () -> snapshots.toString());
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;
}
