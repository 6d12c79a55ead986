package io.glasscache.cache;

/** The same contract on the heap store (the fallback where Unsafe is denied). */
class HeapFailoverCacheTest extends FailoverCacheContract {
    @Override
    StoreType storeType() {
        return StoreType.HEAP;
    }
}
