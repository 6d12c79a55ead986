package io.glasscache.cache;

/** The contract on the OHC off-heap store. */
class OffHeapFailoverCacheTest extends FailoverCacheContract {
    @Override
    StoreType storeType() {
        return StoreType.OFF_HEAP;
    }
}
