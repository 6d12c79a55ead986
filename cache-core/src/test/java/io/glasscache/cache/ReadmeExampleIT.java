package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.glasscache.cache.MemcachedTier;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.testing.MemcachedExtension;

/** Keeps the usage example of docs/tiered-cache.md (and README.md) compiling and working: keep them in sync. */
class ReadmeExampleIT {

    @RegisterExtension
    static final MemcachedExtension memcached = MemcachedExtension.builder().build();

    // --- the example, as in the docs ---------------------------------------------------------------------------

    public record UserFeatures(long userId, List<Float> embedding) {
    }

    /** Stands in for the slow feature store. */
    static final class FeatureStore {
        CompletionStage<UserFeatures> fetch(long userId) {
            return CompletableFuture.completedFuture(new UserFeatures(userId, List.of(0.1f, 0.2f)));
        }

        CompletionStage<Map<Long, UserFeatures>> fetchAll(Set<Long> userIds) {
            return CompletableFuture.completedFuture(userIds.stream()
                    .collect(Collectors.toMap(id -> id, id -> new UserFeatures(id, List.of(0.3f)))));
        }
    }

    static void example(String memcachedServers, MeterRegistry registry, FeatureStore store) throws Exception {
        try (MemcachedTier memcached = MemcachedTier.builder()          // one per process, shared by caches
                .servers(memcachedServers)                               // "host:port,host:port"
                .operationTimeout(Duration.ofMillis(20))
                .recordStats(MicrometerStats.of(registry))
                .build();
             TieredCache<Long, UserFeatures> cache = TieredCache.<Long, UserFeatures>builder("user_features_v1")
                .keyToString(String::valueOf)
                .codec(ValueCodec.kryo(UserFeatures.class))
                .l1MaximumSize(100_000)
                .l2(memcached)
                .ttl(Duration.ofMinutes(10))
                .loadTimeout(Duration.ofMillis(40))
                .loader(store::fetch)                                    // K -> CompletionStage<V>
                .batchLoader(store::fetchAll)                            // Set<K> -> CompletionStage<Map<K, V>>
                .recordStats(MicrometerStats.of(registry))
                .build()) {

            UserFeatures one = cache.get(42L).get();                        // or compose the future
            Map<Long, UserFeatures> many = cache.getAll(List.of(1L, 2L, 42L)).get();
            cache.invalidate(42L).get();

            System.out.println(one + " " + many.keySet());
        }
    }

    // --- the test ----------------------------------------------------------------------------------------------

    @Test
    void theDocumentedExampleRuns() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        example(memcached.addresses(), registry, new FeatureStore());
        assertThat(registry.get("model_serving.feature_cache.requests").tag("cache_name", "user_features_v1")
                .tag("operation", "get_all").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("model_serving.feature_cache.hits").tag("cache_name", "user_features_v1")
                .tag("operation", "get_all").tag("tier", "l1").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("model_serving.feature_cache.loads").tag("cache_name", "user_features_v1")
                .tag("result", "success").counter().count()).isEqualTo(3);
        // the L2 breaker's meters were bound (their values are gone once the example closed the L2)
        assertThat(registry.find("resilience4j.circuitbreaker.state").tag("name", "memcached").gauge()).isNotNull();
    }
}
