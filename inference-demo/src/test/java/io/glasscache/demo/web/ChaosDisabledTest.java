package io.glasscache.demo.web;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Outside the default "demo" profile the chaos controls do not exist, on either port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=prod",
        "glasscache.memcached.enabled=false",
        "management.server.port=0"})
class ChaosDisabledTest {

    @TempDir
    static Path snapshots;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("glasscache.failover.snapshot-dir", () -> snapshots.toString());
    }

    @Autowired
    WebTestClient client;

    @LocalManagementPort
    int managementPort;

    @Test
    void chaosEndpointIsAbsentOnBothPorts() {
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
        for (WebTestClient port : new WebTestClient[] {client, management}) {
            port.put().uri("/admin/chaos/feature-store").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("errorRate", 1.0)).exchange()
                    .expectStatus().isNotFound();
        }
        client.get().uri("/api/v1/recommendations?userId=u1&scene=home").exchange().expectStatus().isOk();
    }
}
