package io.glasscache.demo.feature;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How the recommender reads features: through the tiered caches, or straight from the (resilient) store when the
 * demo runs without a cache as a baseline.
 */
public interface FeatureLookup extends AutoCloseable {

    CompletableFuture<UserFeatures> user(String userId);

    CompletableFuture<Map<Long, ItemFeatures>> items(Collection<Long> itemIds);

    /** Releases the caches, if any. */
    @Override
    default void close() {
    }

    /** Reads straight from {@code store}: the "no cache" baseline. */
    static FeatureLookup direct(FeatureStore store) {
        return new FeatureLookup() {
            @Override
            public CompletableFuture<UserFeatures> user(String userId) {
                return store.userFeatures(userId);
            }

            @Override
            public CompletableFuture<Map<Long, ItemFeatures>> items(Collection<Long> itemIds) {
                return store.itemFeatures(itemIds);
            }
        };
    }
}
