package io.glasscache.demo.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.glasscache.demo.feature.ItemFeatures;
import io.glasscache.demo.feature.UserFeatures;

/**
 * Scores a scene's candidates for a user, ranks them and cuts out one screen. Order: higher score first, then lower
 * item id. Only the items up to the end of the requested page are ranked (a bounded heap), not every candidate:
 * most requests ask for the first screens of a few hundred candidates.
 */
final class Ranking {

    private Ranking() {
    }

    /**
     * Screen {@code page} (0-based) of {@code size} items, or {@link Screen#end()} past the ranked list, from the
     * candidates' features ({@code items}: a candidate the store no longer has is absent, so not recommended). The
     * order of {@code items} does not matter: ties in score go to the lower item id.
     */
    static Screen screen(ScoringModel model, UserFeatures user, Map<Long, ItemFeatures> items, int page, int size) {
        long[] ids = new long[items.size()];
        double[] scores = new double[items.size()];
        int n = 0;
        for (Map.Entry<Long, ItemFeatures> item : items.entrySet()) { // no lookup (nor boxing) per candidate
            ids[n] = item.getKey();
            scores[n] = model.score(user, item.getValue());
            n++;
        }
        int from = (int) Math.min((long) page * size, n);
        int to = (int) Math.min((long) from + size, n);
        if (from == to) {
            return Screen.end();
        }
        int[] best = top(ids, scores, n, to);
        List<ScoredItem> screen = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            screen.add(new ScoredItem(ids[best[i]], scores[best[i]]));
        }
        return new Screen(screen, false);
    }

    /** Indices of the best {@code k} of the first {@code n} entries, best first. */
    private static int[] top(long[] ids, double[] scores, int n, int k) {
        int[] heap = new int[k]; // a min-heap by rank: heap[0] is the worst of the best k so far
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (size < k) {
                heap[size] = i;
                siftUp(heap, size++, ids, scores);
            } else if (better(i, heap[0], ids, scores)) {
                heap[0] = i;
                siftDown(heap, size, ids, scores);
            }
        }
        int[] ordered = new int[size];
        for (int last = size - 1; last >= 0; last--) { // pop the worst first: fill from the back
            ordered[last] = heap[0];
            heap[0] = heap[last];
            siftDown(heap, last, ids, scores);
        }
        return ordered;
    }

    private static boolean better(int a, int b, long[] ids, double[] scores) {
        int byScore = Double.compare(scores[a], scores[b]);
        return byScore != 0 ? byScore > 0 : ids[a] < ids[b];
    }

    private static void siftUp(int[] heap, int at, long[] ids, double[] scores) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!better(heap[parent], heap[at], ids, scores)) {
                return;
            }
            swap(heap, at, parent);
            at = parent;
        }
    }

    private static void siftDown(int[] heap, int size, long[] ids, double[] scores) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                return;
            }
            int right = left + 1;
            int worse = right < size && better(heap[left], heap[right], ids, scores) ? right : left;
            if (!better(heap[at], heap[worse], ids, scores)) {
                return;
            }
            swap(heap, at, worse);
            at = worse;
        }
    }

    private static void swap(int[] heap, int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
