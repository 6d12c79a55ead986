package io.glasscache.demo.feature;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The slow system of record for features (HBase, MySQL, a feature platform). Calls are asynchronous and may fail
 * with {@link FeatureStoreException}; a missing item is simply absent from the returned map.
 */
public interface FeatureStore {

    /** Length of every feature vector. */
    int DIMENSION = 16;

    CompletableFuture<UserFeatures> userFeatures(String userId);

    /** One multi-get round trip for all {@code userIds}; every id gets features (unknown users a default). */
    CompletableFuture<Map<String, UserFeatures>> userFeatures(Collection<String> userIds);

    /** One multi-get round trip for all {@code itemIds}. */
    CompletableFuture<Map<Long, ItemFeatures>> itemFeatures(Collection<Long> itemIds);
}
