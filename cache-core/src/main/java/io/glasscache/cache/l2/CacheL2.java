package io.glasscache.cache.l2;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.glasscache.cache.codec.CodecException;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.cache.freshness.Entry;
import io.glasscache.cache.freshness.Freshness;
import io.glasscache.cache.stats.CacheOperation;
import io.glasscache.cache.stats.CacheStatsRecorder;
import io.glasscache.cache.stats.ErrorReason;
import io.glasscache.cache.stats.L2Operation;

/**
 * One cache's view of the shared L2: its keys (namespace, version, raw key), the framing and codec of its values,
 * and the counting of every L2 failure, per cache operation and per server. Never throws and never fails a future:
 * a failed or skipped lookup is reported as such and treated as a miss by the caller. Corrupt or foreign bytes are a
 * counted deserialization error, a miss, and deleted. The namespace version lives in {@link NamespaceVersion}.
 */
public final class CacheL2<V> {

    private static final Logger log = LoggerFactory.getLogger(CacheL2.class);

    /** One key's lookup: its entry (null on a miss), or {@code failed} when L2 could not answer. */
    public record Lookup<V>(Entry<V> entry, boolean failed) {
    }

    /** Several keys' lookup: the entries found by raw key, and the raw keys whose server could not answer. */
    public record MultiLookup<V>(Map<String, Entry<V>> found, Set<String> failed) {
    }

    private final String cacheName;
    private final MemcachedClient client;
    private final ValueCodec<V> codec;
    private final int schemaId;
    private final Freshness freshness;
    private final CacheStatsRecorder stats;
    private final Clock clock;
    private final NamespaceVersion version;

    /**
     * @param onVersionChange called when another instance's {@code invalidateAll} is seen (the caller clears L1)
     */
    public CacheL2(String cacheName, MemcachedClient client, String namespace, long versionCheckMillis,
            ValueCodec<V> codec, Freshness freshness, CacheStatsRecorder stats, Clock clock,
            Runnable onVersionChange) {
        this.cacheName = cacheName;
        this.client = client;
        this.codec = codec;
        this.schemaId = codec.schemaId();
        this.freshness = freshness;
        this.stats = stats;
        this.clock = clock;
        this.version = new NamespaceVersion(client, namespace, versionCheckMillis, clock, onVersionChange,
                (op, error) -> countError(op, null, -1, error));
    }

    /** Looks {@code raw} up. */
    public CompletableFuture<Lookup<V>> get(String raw, CacheOperation op) {
        return version.whenKnown(v -> {
            if (v < 0) {
                return CompletableFuture.completedFuture(new Lookup<>(null, true));
            }
            String key = L2Keys.key(version.namespace(), v, raw);
            int server = client.serverIndex(key);
            long start = System.nanoTime();
            return client.get(key).handle((bytes, error) -> {
                if (error != null) {
                    countError(op, L2Operation.GET, server, error);
                    return new Lookup<V>(null, true);
                }
                stats.recordL2Latency(L2Operation.GET, server, System.nanoTime() - start);
                return new Lookup<>(decode(key, bytes, op), false);
            });
        });
    }

    /** Looks {@code raws} up: one multi-get per server that holds some of them. */
    public CompletableFuture<MultiLookup<V>> getMulti(Collection<String> raws, CacheOperation op) {
        return version.whenKnown(v -> {
            if (v < 0) {
                return CompletableFuture.completedFuture(new MultiLookup<>(Map.of(), Set.copyOf(raws)));
            }
            Map<Integer, Map<String, String>> byServer = new HashMap<>(); // server -> L2 key -> raw key
            for (String raw : raws) {
                String key = L2Keys.key(version.namespace(), v, raw);
                byServer.computeIfAbsent(client.serverIndex(key), s -> new HashMap<>()).put(key, raw);
            }
            Map<String, Entry<V>> found = new HashMap<>();
            Set<String> failed = new HashSet<>();
            CompletableFuture<MultiLookup<V>> answer = new CompletableFuture<>();
            AtomicInteger pending = new AtomicInteger(byServer.size());
            byServer.forEach((server, keys) -> {
                long start = System.nanoTime();
                client.getMulti(keys.keySet()).handle((values, error) -> {
                    synchronized (found) {
                        if (error != null) {
                            countError(op, L2Operation.GET_MULTI, server, error);
                            failed.addAll(keys.values());
                        } else {
                            stats.recordL2Latency(L2Operation.GET_MULTI, server, System.nanoTime() - start);
                            values.forEach((key, bytes) -> {
                                Entry<V> e = decode(key, bytes, op);
                                if (e != null) {
                                    found.put(keys.get(key), e);
                                }
                            });
                        }
                    }
                    if (pending.decrementAndGet() == 0) {
                        answer.complete(new MultiLookup<>(found, failed));
                    }
                    return null;
                });
            });
            return answer;
        });
    }

    /** Stores {@code e} under {@code raw} until it is past every stale window; completes when L2 has answered. */
    public CompletableFuture<Void> set(String raw, Entry<V> e, CacheOperation op) {
        byte[] frame;
        try {
            frame = L2Frame.encode(schemaId, e.freshUntil(), e.deltaMillis(), codec.encode(e.value()));
        } catch (RuntimeException ex) { // CodecException or a codec bug: the value stays in L1 only
            stats.recordError(op, ErrorReason.SERIALIZATION_ERROR);
            log.warn("cache {}: cannot encode a value of {} for L2: {}", cacheName, e.value().getClass().getName(),
                    ex.toString());
            return CompletableFuture.completedFuture(null);
        }
        return version.whenKnown(v -> {
            if (v < 0) {
                return CompletableFuture.completedFuture(null);
            }
            String key = L2Keys.key(version.namespace(), v, raw);
            return write(L2Operation.SET, key, op,
                    client.set(key, Freshness.l2TtlSeconds(e, clock.millis()), frame));
        });
    }

    /** Deletes {@code raw}; completes when L2 has answered. */
    public CompletableFuture<Void> delete(String raw, CacheOperation op) {
        return version.whenKnown(v -> v < 0 ? CompletableFuture.completedFuture(null)
                : deleteKey(L2Keys.key(version.namespace(), v, raw), op));
    }

    /** Moves every instance sharing the namespace to a new version; completes when this instance has moved. */
    public CompletableFuture<Void> invalidateAll() {
        return version.bump();
    }

    /** Re-reads the namespace version if the check interval has passed (cheap when it has not). */
    public void checkVersionIfDue(long now) {
        version.checkIfDue(now);
    }

    private CompletableFuture<Void> deleteKey(String key, CacheOperation op) {
        return write(L2Operation.DELETE, key, op, client.delete(key));
    }

    private CompletableFuture<Void> write(L2Operation l2op, String key, CacheOperation op,
            CompletableFuture<Boolean> call) {
        int server = client.serverIndex(key);
        long start = System.nanoTime();
        return call.handle((done, error) -> {
            if (error != null) {
                countError(op, l2op, server, error);
            } else {
                stats.recordL2Latency(l2op, server, System.nanoTime() - start);
            }
            return null;
        });
    }

    /** Decodes a frame read now; corrupt or foreign bytes are a counted error, a miss, and deleted from L2. */
    private Entry<V> decode(String key, byte[] bytes, CacheOperation op) {
        if (bytes == null) {
            return null;
        }
        try {
            L2Frame.Header h = L2Frame.header(bytes, schemaId);
            V value = codec.decode(L2Frame.payload(bytes));
            if (value == null) {
                throw new CodecException("decoded a null value");
            }
            return freshness.read(value, h.freshUntil(), h.deltaMillis(), clock.millis());
        } catch (RuntimeException e) { // CodecException, or anything a codec throws on hostile bytes
            stats.recordError(op, ErrorReason.DESERIALIZATION_ERROR);
            log.debug("cache {}: undecodable L2 entry {} deleted: {}", cacheName, key, e.toString());
            deleteKey(key, op);
            return null;
        }
    }

    /** Counts a failed L2 operation for the cache operation and, unless the breaker skipped it, for its server. */
    private void countError(CacheOperation op, L2Operation l2op, int server, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        ErrorReason reason = ErrorReason.L2_ERROR;
        if (cause instanceof L2Exception l2e) {
            reason = switch (l2e.kind()) {
                case TIMEOUT -> ErrorReason.L2_TIMEOUT;
                case CIRCUIT_OPEN -> ErrorReason.L2_CIRCUIT_OPEN;
                case ERROR -> ErrorReason.L2_ERROR;
            };
        }
        stats.recordError(op, reason);
        if (l2op != null && reason != ErrorReason.L2_CIRCUIT_OPEN) {
            stats.recordL2Error(l2op, server, reason);
        }
    }
}
