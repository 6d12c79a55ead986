package io.glasscache.demo.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SimulatedFeatureStoreTest {

    private static FeatureStoreProperties fast(int concurrency, int queue) {
        return new FeatureStoreProperties(1000, 500, Duration.ofMillis(1), Duration.ofMillis(2),
                Duration.ZERO, concurrency, queue, 1);
    }

    @Test
    void dataIsAPureFunctionOfIds() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SimulatedFeatureStore a = new SimulatedFeatureStore(fast(4, 10), registry);
                SimulatedFeatureStore b = new SimulatedFeatureStore(fast(4, 10), new SimpleMeterRegistry())) {
            UserFeatures user = a.userFeatures("u42").get(5, TimeUnit.SECONDS);
            assertThat(user.known()).isTrue();
            assertThat(user.vector()).hasSize(FeatureStore.DIMENSION);
            assertThat(user).isEqualTo(b.userFeatures("u42").get(5, TimeUnit.SECONDS));
            assertThat(user).isNotEqualTo(a.userFeatures("u43").get(5, TimeUnit.SECONDS));
            for (float v : user.vector()) {
                assertThat(v).isBetween(-1f, 1f);
            }

            assertThat(a.userFeatures("u1000").get(5, TimeUnit.SECONDS).known()).as("beyond users").isFalse();
            assertThat(a.userFeatures("alice").get(5, TimeUnit.SECONDS).known()).isFalse();
            assertThat(a.userFeatures("u007").get(5, TimeUnit.SECONDS).known()).as("not canonical").isFalse();

            Map<Long, ItemFeatures> items = a.itemFeatures(List.of(1L, 2L, 499L, 500L, -1L)).get(5, TimeUnit.SECONDS);
            assertThat(items).containsOnlyKeys(1L, 2L, 499L);
            assertThat(items.get(2L)).isEqualTo(b.itemFeatures(List.of(2L)).get(5, TimeUnit.SECONDS).get(2L));
            assertThat(registry.get("demo.feature.store.calls").tag("operation", "user").counter().count())
                    .isEqualTo(5);

            Map<String, UserFeatures> users = a.userFeatures(List.of("u42", "u43", "alice")).get(5, TimeUnit.SECONDS);
            assertThat(users).as("one multi-get, the same data as single gets").containsOnlyKeys("u42", "u43", "alice");
            assertThat(users.get("u42")).isEqualTo(user);
            assertThat(users.get("alice").known()).isFalse();
            assertThat(registry.get("demo.feature.store.calls").tag("operation", "user").counter().count())
                    .isEqualTo(6);
        }
    }

    @Test
    void boundedCapacityQueuesThenRejects() throws Exception {
        FeatureStoreProperties slow = new FeatureStoreProperties(10, 10, Duration.ofMillis(200),
                Duration.ofMillis(300), Duration.ZERO, 2, 3, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SimulatedFeatureStore store = new SimulatedFeatureStore(slow, registry)) {
            List<CompletableFuture<UserFeatures>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(store.userFeatures("u" + i));
            }
            // 2 served + 3 waiting; the other 3 are refused at once
            long refused = calls.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertThat(refused).isEqualTo(3);
            for (CompletableFuture<UserFeatures> call : calls.subList(0, 5)) {
                assertThat(call.get(10, TimeUnit.SECONDS).known()).isTrue();
            }
            assertThat(registry.get("demo.feature.store.calls").tag("outcome", "rejected").counter().count())
                    .isEqualTo(3);
        }
    }

    @Test
    void chaosFailsCallsAndCanBeReset() throws Exception {
        try (SimulatedFeatureStore store = new SimulatedFeatureStore(fast(4, 10), new SimpleMeterRegistry())) {
            store.chaos(new FeatureStoreChaos(0, 1.0));
            assertThatThrownBy(() -> store.userFeatures("u1").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(FeatureStoreException.class);
            store.chaos(FeatureStoreChaos.NONE);
            assertThat(store.userFeatures("u1").get(5, TimeUnit.SECONDS).known()).isTrue();
        }
    }

    @Test
    void chaosValuesAreValidated() {
        assertThatThrownBy(() -> new FeatureStoreChaos(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureStoreChaos(0, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureStoreChaos(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
