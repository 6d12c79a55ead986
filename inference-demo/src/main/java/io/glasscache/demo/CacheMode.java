package io.glasscache.demo;

/** How the demo reads features ({@code demo.cache-mode}); the non-default modes are benchmark baselines. */
public enum CacheMode {
    /** L1 (on-heap) and L2 (memcached, when configured) in front of the store. */
    TIERED,
    /** L2 only, no on-heap tier: the shape of the seed's "Scheme A". Needs memcached. */
    L2_ONLY,
    /** Every request goes to the feature store. */
    NONE
}
