package io.glasscache.cache.source;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one {@link Flight} per key in this JVM: a reader joins the key's flight or starts one. The flight leaves
 * when its lookup ends (the source call returned, failed or hit its hard deadline), never when a reader gives up.
 */
public final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

    /**
     * The flight of {@code key}: the one running, or {@code mine} if none was (the caller then owns it and must
     * {@link #end} it). Compare the result with {@code mine} by identity.
     */
    public Flight<V> join(K key, Flight<V> mine) {
        Flight<V> running = flights.get(key);
        if (running != null) {
            return running;
        }
        running = flights.putIfAbsent(key, mine);
        return running != null ? running : mine;
    }

    /** The flight of {@code key}, or null. */
    public Flight<V> get(K key) {
        return flights.get(key);
    }

    /** Ends {@code flight}: the next reader of {@code key} starts a new one. */
    public void end(K key, Flight<V> flight) {
        flights.remove(key, flight);
    }

    /** Flights running now. */
    public int size() {
        return flights.size();
    }
}
