package io.glasscache.cache.l2;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.glasscache.cache.stats.CacheOperation;

/**
 * A namespace's version in L2: every key carries it, so bumping it ({@code invalidateAll}) makes every entry of
 * the namespace unreachable at once, for every instance sharing it. Read at start without blocking (operations wait
 * for that first read instead), re-read every check interval to see other instances' bumps, and created above any
 * version used before when absent (new, or evicted), so old entries never reappear. Until a version is known it is
 * -1 and callers skip L2.
 */
final class NamespaceVersion {

    /** While L2 does not answer, retry the version this often rather than every check interval. */
    private static final long RETRY_MILLIS = 500;

    private final MemcachedClient client;
    private final String namespace;
    private final String key;
    private final long checkMillis;
    private final Clock clock;
    private final Runnable onChange;
    private final BiConsumer<CacheOperation, Throwable> onError;
    private final AtomicBoolean checking = new AtomicBoolean(true);
    /** Completes (normally) once the first read is over, whether it learnt the version or not. */
    private final CompletableFuture<Void> firstRead;
    private volatile long version = -1;
    private volatile long nextCheck;

    NamespaceVersion(MemcachedClient client, String namespace, long checkMillis, Clock clock, Runnable onChange,
            BiConsumer<CacheOperation, Throwable> onError) {
        this.client = client;
        this.namespace = namespace;
        this.key = L2Keys.versionKey(namespace);
        this.checkMillis = checkMillis;
        this.clock = clock;
        this.onChange = onChange;
        this.onError = onError;
        this.nextCheck = clock.millis() + checkMillis;
        this.firstRead = sync().handle((v, t) -> {
            checking.set(false);
            return null;
        });
    }

    String namespace() {
        return namespace;
    }

    /** Runs {@code operation} with the version (-1 if unknown), after the first read if it is still running. */
    <T> CompletableFuture<T> whenKnown(Function<Long, CompletableFuture<T>> operation) {
        if (firstRead.isDone()) {
            return operation.apply(version);
        }
        return firstRead.thenCompose(ignored -> operation.apply(version));
    }

    void checkIfDue(long now) {
        if (now >= nextCheck && checking.compareAndSet(false, true)) {
            nextCheck = now + checkMillis;
            sync().handle((v, t) -> {
                checking.set(false);
                return null;
            });
        }
    }

    /** Increments the version in L2 (creating it if absent); if L2 fails, moves on locally and L2 catches up. */
    CompletableFuture<Void> bump() {
        CacheOperation op = CacheOperation.INVALIDATE_ALL;
        return client.increment(key).handle((next, error) -> {
            if (error != null) {
                onError.accept(op, error);
                return CompletableFuture.completedFuture(-1L);
            }
            if (next >= 0) {
                return CompletableFuture.completedFuture(next);
            }
            long created = Math.max(version + 1, clock.millis());
            return client.add(key, 0, Long.toString(created).getBytes(StandardCharsets.US_ASCII))
                    .handle((added, addError) -> {
                        if (addError != null) {
                            onError.accept(op, addError);
                        }
                        return Boolean.TRUE.equals(added) ? created : -1L;
                    });
        }).thenCompose(f -> f).thenAccept(next -> {
            synchronized (this) {
                // L2 failed: move on locally so this instance stops reading old entries.
                version = next > version ? next : version + 1;
            }
        });
    }

    /** Reads the version from L2 (creating it if absent) and adopts it if newer. */
    private CompletableFuture<Void> sync() {
        return client.get(key).thenCompose(bytes -> {
            long remote = MemcachedClient.parseCounter(bytes);
            if (remote >= 0) {
                return CompletableFuture.completedFuture(remote);
            }
            long created = Math.max(version + 1, clock.millis());
            return client.add(key, 0, Long.toString(created).getBytes(StandardCharsets.US_ASCII))
                    .thenCompose(added -> added ? CompletableFuture.completedFuture(created)
                            : client.get(key).thenApply(MemcachedClient::parseCounter));
        }).handle((remote, error) -> {
            if (error != null) {
                onError.accept(CacheOperation.GET, error);
                nextCheck = clock.millis() + Math.min(checkMillis, RETRY_MILLIS);
                return null;
            }
            adopt(remote);
            return null;
        });
    }

    private void adopt(long remote) {
        long previous;
        synchronized (this) {
            previous = version;
            if (remote <= previous) {
                return;
            }
            version = remote;
        }
        if (previous >= 0) {
            onChange.run();
        }
    }
}
