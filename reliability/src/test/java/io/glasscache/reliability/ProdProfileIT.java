package io.glasscache.reliability;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.glasscache.testing.FreePort;
import io.glasscache.testing.ManagedProcess;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security review's check of the shipped demo jar outside the demo profile, as production runs it. In the full
 * run only ({@code -Pfaults}: a demo start of its own); in the default build, the demo's ChaosDisabledTest holds the
 * same in process.
 */
@ExtendWith(StackExtension.class)
@Order(11)
class ProdProfileIT {

    /**
     * The shipped jar in another profile (prod): no chaos controls on either port.
     */
    @Test
    void noChaosControlsOutsideTheDemoProfile(Stack stack, @TempDir Path snapshots) {
        int port = FreePort.pick();
        int management = FreePort.pick();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", Project.file(Stack.DEMO_JAR).toString(), "--spring.profiles.active=prod",
                "--server.address=127.0.0.1", "--server.port=" + port, "--management.server.address=127.0.0.1",
                "--management.server.port=" + management, "--glasscache.failover.snapshot-dir=" + snapshots,
                "--glasscache.memcached.servers=" + stack.memcached(0));
        try (ManagedProcess prod = ManagedProcess.start("demo-prod", command, snapshots.resolve("demo.log"))) {
            Faults.until("the prod demo ready", Duration.ofMinutes(3), () -> Http.get(URI.create("http://127.0.0.1:"
                    + management + "/actuator/health/readiness")).statusCode() == 200);
            SoftAssertions soft = new SoftAssertions();
            for (int p : new int[] {port, management}) {
                URI chaos = URI.create("http://127.0.0.1:" + p + Demo.CHAOS);
                soft.assertThat(Http.get(chaos).statusCode()).as("GET " + chaos).isEqualTo(404);
                soft.assertThat(Http.put(chaos, "{\"errorRate\":1}").statusCode()).as("PUT " + chaos).isEqualTo(404);
            }
            soft.assertThat(Http.get(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/recommendations?userId=u1&scene=home")).statusCode()).isEqualTo(200);
            soft.assertAll();
        }
    }
}
