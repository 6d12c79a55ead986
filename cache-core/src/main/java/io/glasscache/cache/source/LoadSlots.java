package io.glasscache.cache.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * At most {@code maxCalls} source calls at once; what arrives while every slot is taken waits, and leaves with the
 * others that waited, up to {@code maxBatch} per call, as soon as a slot frees. So an idle source sees a call per
 * miss at once, and a busy one sees fewer, larger calls instead of a growing queue of small ones: the batching
 * adapts to the load, with no timer and no delay while a slot is free.
 *
 * @param <T> what one call carries (a key with its waiters)
 */
final class LoadSlots<T> {

    private final int maxCalls;
    private final int maxBatch;
    private final Function<List<T>, CompletableFuture<?>> call;
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    /** Drain requests: only the thread that raised it from 0 drains, so a call done at once loops, not recurses. */
    private final AtomicInteger drainRequests = new AtomicInteger();
    private int running;

    /**
     * @param call starts one source call for a batch and returns a future that completes (either way) when the slot is
     *             free again; it must not throw
     */
    LoadSlots(int maxCalls, int maxBatch, Function<List<T>, CompletableFuture<?>> call) {
        if (maxCalls < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxCalls and maxBatch must be >= 1");
        }
        this.maxCalls = maxCalls;
        this.maxBatch = maxBatch;
        this.call = call;
    }

    void submit(Collection<T> items) {
        synchronized (waiting) {
            waiting.addAll(items);
        }
        drain();
    }

    /** Items waiting for a slot. */
    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return;
        }
        int requests = 1;
        do {
            List<T> batch;
            while ((batch = nextBatch()) != null) {
                CompletableFuture<?> done;
                try {
                    done = call.apply(batch);
                } catch (RuntimeException | Error e) { // a broken call must still give its slot back
                    done = CompletableFuture.failedFuture(e);
                }
                done.handle((v, t) -> {
                    synchronized (waiting) {
                        running--;
                    }
                    drain();
                    return null;
                });
            }
            requests = drainRequests.addAndGet(-requests);
        } while (requests != 0);
    }

    private List<T> nextBatch() {
        synchronized (waiting) {
            if (running >= maxCalls || waiting.isEmpty()) {
                return null;
            }
            running++;
            List<T> batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
            while (batch.size() < maxBatch && !waiting.isEmpty()) {
                batch.add(waiting.poll());
            }
            return batch;
        }
    }
}
