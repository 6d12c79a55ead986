package io.glasscache.demo.feature;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.glasscache.cache.TieredCache;

/** Features through cache-core's tiered caches {@code user_features} and {@code item_features}. */
public final class TieredFeatureLookup implements FeatureLookup {

    private final TieredCache<String, UserFeatures> users;
    private final TieredCache<Long, ItemFeatures> items;

    public TieredFeatureLookup(TieredCache<String, UserFeatures> users, TieredCache<Long, ItemFeatures> items) {
        this.users = users;
        this.items = items;
    }

    @Override
    public CompletableFuture<UserFeatures> user(String userId) {
        return users.get(userId);
    }

    @Override
    public CompletableFuture<Map<Long, ItemFeatures>> items(Collection<Long> itemIds) {
        return items.getAll(itemIds);
    }

    @Override
    public void close() {
        try {
            users.close();
        } finally {
            items.close();
        }
    }
}
