package io.glasscache.cache.failover;

/** The contract on the OHC off-heap store. */
class OffHeapFailoverCacheTest extends FailoverCacheContract {
    @Override
    StoreType storeType() {
        return StoreType.OFF_HEAP;
    }
}
