package io.glasscache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The asynchronous write path of a failover cache: a bounded queue that {@link #offer} never blocks on, drained by
 * writer threads (the seed's single-threaded executor with a discard policy, made observable). Thread-safe.
 */
final class FailoverWriter<V> {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** One value to write, with when it was recorded. */
    record Task<V>(FailoverKey key, V value, long recordedAt) {
    }

    private final BlockingQueue<Task<V>> queue;
    private final AtomicLong pending = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final Consumer<Task<V>> write;
    private final Consumer<RuntimeException> onError;
    private volatile boolean stopping;

    /**
     * @param write   encodes and stores one task (on a writer thread)
     * @param onError told of anything {@code write} throws; the writer goes on
     */
    FailoverWriter(String cache, int capacity, int threadCount, Consumer<Task<V>> write,
            Consumer<RuntimeException> onError) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.write = write;
        this.onError = onError;
        for (int i = 0; i < threadCount; i++) {
            Thread writer = new Thread(this::drain, "glasscache-failover-" + cache + "-writer-" + i);
            writer.setDaemon(true);
            threads.add(writer);
            writer.start();
        }
    }

    /** Queues {@code task}; false if the queue is full or the writer is stopping. Never blocks. */
    boolean offer(Task<V> task) {
        if (stopping) {
            return false;
        }
        pending.incrementAndGet();
        if (queue.offer(task)) {
            return true;
        }
        pending.decrementAndGet();
        return false;
    }

    /** Tasks queued or being written. */
    long pending() {
        return pending.get();
    }

    /** Waits up to {@code timeout} until every queued task is written; whether it was. */
    boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops taking tasks, writes what is queued and stops the threads; whether they stopped in time. */
    boolean stop() {
        stopping = true;
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Thread writer : threads) {
            try {
                writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (writer.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void drain() {
        while (true) {
            Task<V> task;
            try {
                task = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (task == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            try {
                write.accept(task);
            } catch (RuntimeException e) {
                onError.accept(e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }
}
