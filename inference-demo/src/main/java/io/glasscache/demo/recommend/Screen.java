package io.glasscache.demo.recommend;

import java.util.List;

/**
 * One "screen" of recommendations: what a client shows at once, and the unit kept by the failover cache.
 *
 * @param items     the items, best first
 * @param exhausted true if the user has paged past the end of the scene's content ({@code items} is then empty)
 */
public record Screen(List<ScoredItem> items, boolean exhausted) {

    public Screen {
        items = List.copyOf(items);
    }

    static Screen end() {
        return new Screen(List.of(), true);
    }

    /** At most the first {@code size} items. */
    Screen limit(int size) {
        return items.size() <= size ? this : new Screen(items.subList(0, size), exhausted);
    }
}
