package io.glasscache.demo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaultsAreALoopbackRun() {
        LoadOptions options = LoadOptions.parse();
        assertThat(options.rate()).isEqualTo(100);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.target().toString()).isEqualTo("http://127.0.0.1:8080");
        assertThat(options.allowRemote()).isFalse();
        assertThat(options.marksFromStdin()).isFalse();
    }

    @Test
    void parsesEveryFlag() {
        LoadOptions options = LoadOptions.parse("--rate", "2000", "--duration", "2m", "--warmup", "0s", "--target",
                "http://localhost:9090/", "--out", "/tmp/x", "--label", "tiered-2000", "--users", "1000",
                "--user-skew", "0.8", "--destinations", "10", "--scene-skew", "1.2", "--size", "20", "--timeout",
                "500ms", "--connections", "64", "--seed", "9", "--marks-from-stdin");
        assertThat(options.rate()).isEqualTo(2000);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.warmup()).isZero();
        assertThat(options.target().toString()).isEqualTo("http://localhost:9090");
        assertThat(options.label()).isEqualTo("tiered-2000");
        assertThat(options.users()).isEqualTo(1000);
        assertThat(options.size()).isEqualTo(20);
        assertThat(options.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.connections()).isEqualTo(64);
        assertThat(options.marksFromStdin()).isTrue();
    }

    @Test
    void refusesNonLoopbackTargetsUnlessAllowed() {
        assertThatThrownBy(() -> LoadOptions.parse("--target", "http://192.0.2.10:8080"))
                .hasMessageContaining("not a loopback").hasMessageContaining("--allow-remote");
        assertThat(LoadOptions.parse("--target", "http://192.0.2.10:8080", "--allow-remote").target().getHost())
                .isEqualTo("192.0.2.10");
        assertThat(LoadOptions.parse("--target", "http://[::1]:8080").target().getHost()).isEqualTo("[::1]");
    }

    @Test
    void namesTheBadFlag() {
        assertThatThrownBy(() -> LoadOptions.parse("--rate", "0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> LoadOptions.parse("--rate", "abc")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> LoadOptions.parse("--duration", "forever")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> LoadOptions.parse("--duration", "2h")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> LoadOptions.parse("--target", "ftp://127.0.0.1")).hasMessageContaining("--target");
        assertThatThrownBy(() -> LoadOptions.parse("--label", "../etc")).hasMessageContaining("--label");
        assertThatThrownBy(() -> LoadOptions.parse("--bogus", "1")).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> LoadOptions.parse("--rate")).hasMessageContaining("needs a value");
    }
}
