package io.glasscache.cache.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.FailoverCache;
import io.glasscache.cache.FailoverCacheFactory;
import io.glasscache.cache.FailoverKey;
import io.glasscache.cache.StoreType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class FailoverAutoConfigurationTest {

    private static final KryoCodec<String> CODEC = KryoCodec.builder(String.class).build();

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TieredCacheAutoConfiguration.class,
                    FailoverAutoConfiguration.class))
            .withPropertyValues("glasscache.memcached.enabled=false");

    @Test
    void factoryBuildersArePrefilledFromProperties() {
        runner.withPropertyValues("glasscache.failover.snapshot-dir=" + dir, "glasscache.failover.store=heap",
                        "glasscache.failover.capacity=2MB", "glasscache.failover.values-per-key=2",
                        "glasscache.failover.values-per-group.[dest*]=3", "glasscache.failover.snapshot-interval=0s")
                .run(context -> {
                    FailoverCacheFactory factory = context.getBean(FailoverCacheFactory.class);
                    FailoverCache<String> cache = factory.builder("prefilled", CODEC).build();
                    assertThat(cache.stats().storeType()).isEqualTo(StoreType.HEAP);
                    assertThat(cache.stats().capacityBytes()).isEqualTo(2L * 1024 * 1024);
                    for (int i = 0; i < 5; i++) {
                        cache.record(FailoverKey.of("home"), "h" + i);
                        cache.record(FailoverKey.of("destination", "7"), "d" + i);
                    }
                    cache.awaitDrained(Duration.ofSeconds(5));
                    assertThat(cache.stats().entries()).isEqualTo(2 + 3);
                    assertThat(cache.snapshot().file()).hasParent(dir);
                });
    }

    @Test
    void metersFollowTheSharedGlasscacheMetricsPrefix() {
        runner.withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class)
                .withPropertyValues("glasscache.metrics.prefix=shop.cache", "glasscache.failover.store=heap",
                        "glasscache.failover.snapshot-dir=" + dir, "glasscache.failover.snapshot-interval=0s")
                .run(context -> {
                    var registry = context.getBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class);
                    context.getBean(FailoverCacheFactory.class).builder("prefixed", CODEC).build();
                    assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter ->
                            assertThat(meter.getId().getName()).startsWith("shop.cache."));
                });
    }

    @Test
    void defaultsPointAtTheDocumentedDirectory() {
        runner.run(context -> {
            FailoverProperties properties = context.getBean(FailoverProperties.class);
            assertThat(properties.snapshotDir()).isEqualTo("./data/failover");
            assertThat(properties.store()).as("unset: the builder's default applies").isNull();
            try (FailoverCache<String> cache = context.getBean(FailoverCacheFactory.class).builder("defaults", CODEC)
                    .snapshotDirectory(dir).build()) {
                assertThat(cache.stats().capacityBytes()).isEqualTo(FailoverCache.Defaults.CAPACITY_BYTES);
            }
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("glasscache.failover.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FailoverCacheFactory.class));
    }

    @Test
    void aRealApplicationRestoresAtStartUpAndSnapshotsAtShutdown() throws Exception {
        String[] props = {"glasscache.failover.snapshot-dir=" + dir, "glasscache.failover.store=heap",
            "glasscache.failover.snapshot-interval=0s"};
        try (ConfigurableApplicationContext first = app(props)) {
            FailoverCache<String> cache = first.getBean(Caches.class).home;
            cache.record(FailoverKey.of("home"), "last good");
            cache.awaitDrained(Duration.ofSeconds(5));
        } // graceful shutdown: final snapshot
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".snap")).count()).isEqualTo(1);
        }
        try (ConfigurableApplicationContext second = app(props)) {
            FailoverCache<String> cache = second.getBean(Caches.class).home;
            assertThat(cache.sample(FailoverKey.of("home"))).isEqualTo(Optional.of("last good"));
            assertThat(second.getBean(FirstLook.class).seen()).as("restored when the bean was built, before any "
                    + "bean that uses it (and before a web server starts)").isEqualTo(Optional.of("last good"));
            assertThat(second.getBean(MeterRegistry.class).find("model_serving.feature_cache.failover.restore.records")
                    .tag("outcome", "restored").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void restoreOnStartupOffLeavesTheCacheEmpty() throws Exception {
        String[] props = {"glasscache.failover.snapshot-dir=" + dir, "glasscache.failover.store=heap",
            "glasscache.failover.snapshot-interval=0s"};
        try (ConfigurableApplicationContext first = app(props)) {
            FailoverCache<String> cache = first.getBean(Caches.class).home;
            cache.record(FailoverKey.of("home"), "last good");
            cache.awaitDrained(Duration.ofSeconds(5));
        }
        try (ConfigurableApplicationContext second = app(append(props, "glasscache.failover.restore-on-startup=false"))) {
            assertThat(second.getBean(Caches.class).home.stats().entries()).isZero();
            assertThat(second.getBean(Caches.class).home.restore().restored()).as("still on disk").isEqualTo(1);
        }
    }

    private static String[] append(String[] properties, String property) {
        String[] all = Arrays.copyOf(properties, properties.length + 1);
        all[properties.length] = property;
        return all;
    }

    @Test
    void aGarbageSnapshotNeverFailsStartUp() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("home.0000000000000000005.snap"), "garbage".getBytes());
        try (ConfigurableApplicationContext app = app("glasscache.failover.snapshot-dir=" + dir,
                "glasscache.failover.store=heap")) {
            assertThat(app.getBean(Caches.class).home.stats().entries()).isZero();
            assertThat(app.getBean(MeterRegistry.class).find("model_serving.feature_cache.failover.restore.records")
                    .tag("outcome", "corrupt").counter().count()).isEqualTo(1.0);
        }
    }

    private static ConfigurableApplicationContext app(String... properties) {
        return new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE).logStartupInfo(false)
                .properties("glasscache.memcached.enabled=false").properties(properties).run();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({TieredCacheAutoConfiguration.class, FailoverAutoConfiguration.class})
    static class TestApp {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Caches caches(FailoverCacheFactory factory) {
            return new Caches(factory.builder("home", CODEC).build());
        }

        @Bean
        FirstLook firstLook(Caches caches) {
            return new FirstLook(caches.home().sample(FailoverKey.of("home")));
        }
    }

    record Caches(FailoverCache<String> home) {
    }

    /** What a bean built right after the cache found in it. */
    record FirstLook(Optional<String> seen) {
    }
}
