package io.glasscache.demo.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.glasscache.demo.feature.ItemFeatures;
import io.glasscache.demo.feature.UserFeatures;

/** Scores a scene's candidates for a user, ranks them and cuts out one screen. */
final class Ranking {

    private static final Comparator<ScoredItem> BEST_FIRST = Comparator.comparingDouble(ScoredItem::score)
            .reversed().thenComparingLong(ScoredItem::itemId);

    private Ranking() {
    }

    /** Screen {@code page} (0-based) of {@code size} items, or {@link Screen#end()} past the ranked list. */
    static Screen screen(ScoringModel model, UserFeatures user, long[] candidates, Map<Long, ItemFeatures> items,
            int page, int size) {
        List<ScoredItem> ranked = new ArrayList<>(candidates.length);
        for (long id : candidates) {
            ItemFeatures item = items.get(id);
            if (item != null) { // an item the store no longer has is not recommended
                ranked.add(new ScoredItem(id, model.score(user, item)));
            }
        }
        ranked.sort(BEST_FIRST);
        int from = (int) Math.min((long) page * size, ranked.size());
        int to = (int) Math.min((long) from + size, ranked.size());
        return from == to ? Screen.end() : new Screen(ranked.subList(from, to), false);
    }
}
