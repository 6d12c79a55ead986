package io.glasscache.cache;

/**
 * A point-in-time view of a {@link FailoverCache}'s counters (the same numbers its Micrometer meters read).
 *
 * @param accepted         records queued by {@link FailoverCache#record}
 * @param dropped          records discarded because the write queue was full (or the cache closed)
 * @param stored           records the writer put into the store
 * @param rejectedTooLarge records whose encoded size exceeded the maximum entry size
 * @param rejectedFull     records the store had no room for
 * @param rejectedMaxKeys  records for a new key when the cache already held its maximum number of keys
 * @param encodeFailures   records the codec could not encode
 * @param served           {@link FailoverCache#sample} calls that returned a value
 * @param empty            {@link FailoverCache#sample} calls that found nothing to serve
 * @param corruptReads     stored values that failed to decode (dropped from the store)
 * @param queued           records waiting in the write queue now
 * @param keys             keys held now
 * @param entries          values held now
 * @param usedBytes        store bytes in use now
 * @param capacityBytes    store capacity in bytes
 * @param storeType        the store actually in use ({@link StoreType#OFF_HEAP} or {@link StoreType#HEAP})
 */
public record FailoverStats(long accepted, long dropped, long stored, long rejectedTooLarge, long rejectedFull,
                            long rejectedMaxKeys, long encodeFailures, long served, long empty, long corruptReads,
                            long queued, long keys, long entries, long usedBytes, long capacityBytes,
                            StoreType storeType) {
}
