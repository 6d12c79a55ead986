package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fault suite needs of deploy/local/stack.sh, without starting anything: {@code config} only. */
class StackScriptTest {

    @TempDir
    Path runDir;

    @Test
    void demoArgsReachTheDemoSettingsAsGiven() {
        Shell.Result config = config("--glasscache.failover.snapshot-interval=5s "
                + "--glasscache.failover.values-per-group.[dest*]=5");
        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output()).contains("\nDEMO_ARGS=--glasscache.failover.snapshot-interval=5s "
                + "--glasscache.failover.values-per-group.[dest*]=5\n");
    }

    @Test
    void noDemoArgsByDefault() {
        Shell.Result config = config(null);
        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output()).contains("\nDEMO_ARGS=\n");
    }

    @Test
    void anythingButNameValueArgumentsIsRefusedBeforeAnythingStarts() {
        for (String bad : new String[] {"-Dglasscache.x=1", "--x=1 -Xmx2g", "snapshot-interval=5s", "--novalue"}) {
            Shell.Result config = config(bad);
            assertThat(config.exitCode()).as(bad).isEqualTo(1);
            assertThat(config.output()).as(bad).contains("DEMO_ARGS takes --name=value arguments only");
        }
    }

    /** {@code stack.sh config} with a temporary run directory, none of the caller's knobs, and {@code demoArgs}. */
    private Shell.Result config(String demoArgs) {
        Map<String, String> env = demoArgs == null ? Map.of("GLASSCACHE_RUN_DIR", runDir.toString())
                : Map.of("GLASSCACHE_RUN_DIR", runDir.toString(), "DEMO_ARGS", demoArgs);
        return Shell.run(env, Stack.KNOBS, Duration.ofSeconds(30), "bash",
                Project.file(Stack.SCRIPT).toString(), "config");
    }
}
