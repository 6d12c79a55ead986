package io.glasscache.demo.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.glasscache.demo.feature.FeatureStoreProperties;
import io.glasscache.demo.feature.ItemFeatures;
import io.glasscache.demo.feature.SimulatedFeatureStore;
import io.glasscache.demo.feature.UserFeatures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RankingTest {

    private final SceneCatalog catalog = new SceneCatalog(new RecommendProperties(null, 42), 100_000);

    @Test
    void resolvesConfiguredScenesOnly() {
        assertThat(catalog.resolve("home")).get().extracting(Scene::candidates).isEqualTo(300);
        assertThat(catalog.resolve("destination:42")).get().satisfies(scene -> {
            assertThat(scene.group()).isEqualTo("destination");
            assertThat(scene.segment()).isEqualTo("42");
            assertThat(scene.failoverKey().toString()).isEqualTo("destination:42");
        });
        assertThat(catalog.resolve("destination")).as("composite needs an id").isEmpty();
        assertThat(catalog.resolve("destination:0")).isEmpty();
        assertThat(catalog.resolve("destination:1001")).isEmpty();
        assertThat(catalog.resolve("destination:007")).isEmpty();
        assertThat(catalog.resolve("home:1")).isEmpty();
        assertThat(catalog.resolve("shop")).isEmpty();
        assertThat(catalog.resolve(null)).isEmpty();
        assertThat(catalog.describe()).isEqualTo("destination:<1..1000>, home, video");
    }

    @Test
    void recallIsStableDistinctAndSized() {
        Scene home = catalog.resolve("home").orElseThrow();
        List<Long> candidates = catalog.candidates(home);
        assertThat(candidates).hasSize(300).doesNotHaveDuplicates().allMatch(id -> id >= 0 && id < 100_000);
        assertThat(new SceneCatalog(new RecommendProperties(null, 42), 100_000).candidates(home))
                .containsExactlyElementsOf(candidates);
        assertThat(catalog.candidates(home)).as("recalled once per scene").isSameAs(candidates);
        assertThat(catalog.candidates(catalog.resolve("video").orElseThrow())).isNotEqualTo(candidates);
    }

    @Test
    void screensAreRankedDisjointPagesOfTheCandidates() throws Exception {
        Scene video = catalog.resolve("video").orElseThrow();
        List<Long> candidates = catalog.candidates(video);
        ScoringModel model = new ScoringModel(42);
        try (SimulatedFeatureStore store = fastStore()) {
            UserFeatures user = store.userFeatures("u7").get(5, TimeUnit.SECONDS);
            Map<Long, ItemFeatures> items = itemsOf(store, candidates);

            Set<Long> seen = new HashSet<>();
            double previousLast = Double.MAX_VALUE;
            for (int page = 0; page < video.pages(30); page++) {
                Screen screen = Ranking.screen(model, user, items, page, 30);
                assertThat(screen.exhausted()).isFalse();
                List<Double> scores = screen.items().stream().map(ScoredItem::score).collect(Collectors.toList());
                assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
                assertThat(scores).allMatch(s -> s > 0 && s < 1);
                assertThat(scores.get(0)).isLessThanOrEqualTo(previousLast);
                previousLast = scores.get(scores.size() - 1);
                screen.items().forEach(item -> assertThat(seen.add(item.itemId())).isTrue());
            }
            assertThat(seen).hasSize(200);
            assertThat(Ranking.screen(model, user, items, 7, 30).exhausted()).isTrue();
            // another user ranks differently; the same user always the same
            UserFeatures other = store.userFeatures("u8").get(5, TimeUnit.SECONDS);
            assertThat(Ranking.screen(model, other, items, 0, 10))
                    .isNotEqualTo(Ranking.screen(model, user, items, 0, 10));
            assertThat(Ranking.screen(model, user, items, 0, 10))
                    .isEqualTo(Ranking.screen(new ScoringModel(42), user, items, 0, 10));
            // the order the features come in does not matter (ties go to the lower id)
            Map<Long, ItemFeatures> reversed = new java.util.LinkedHashMap<>();
            List<Long> backwards = new java.util.ArrayList<>(candidates);
            java.util.Collections.reverse(backwards);
            backwards.forEach(id -> reversed.put(id, items.get(id)));
            for (int page = 0; page < video.pages(30); page++) {
                assertThat(Ranking.screen(model, user, reversed, page, 30))
                        .isEqualTo(Ranking.screen(model, user, items, page, 30));
            }
        }
    }

    @Test
    void everyPageMatchesAFullSortOfTheCandidates() throws Exception {
        Scene home = catalog.resolve("home").orElseThrow();
        List<Long> candidates = catalog.candidates(home);
        ScoringModel model = new ScoringModel(42);
        try (SimulatedFeatureStore store = fastStore()) {
            UserFeatures user = store.userFeatures("u42").get(5, TimeUnit.SECONDS);
            Map<Long, ItemFeatures> items = new java.util.HashMap<>(itemsOf(store, candidates));
            items.remove(candidates.get(17)); // an item the store no longer has is skipped
            List<ScoredItem> reference = new java.util.ArrayList<>();
            for (long id : candidates) {
                if (items.containsKey(id)) {
                    reference.add(new ScoredItem(id, model.score(user, items.get(id))));
                }
            }
            reference.sort(java.util.Comparator.comparingDouble(ScoredItem::score).reversed()
                    .thenComparingLong(ScoredItem::itemId));
            assertThat(reference).hasSize(299);
            for (int size : new int[] {1, 7, 10, 100}) {
                for (int page = 0; (long) page * size < reference.size(); page++) {
                    int from = page * size;
                    assertThat(Ranking.screen(model, user, items, page, size).items())
                            .as("page %d of size %d", page, size)
                            .isEqualTo(reference.subList(from, Math.min(from + size, reference.size())));
                }
            }
        }
    }

    /** The simulated store with millisecond latencies: real feature data, no waiting. */
    private static SimulatedFeatureStore fastStore() {
        return new SimulatedFeatureStore(new FeatureStoreProperties(1000, 100_000, Duration.ofMillis(1),
                Duration.ofMillis(2), Duration.ZERO, 4, 10, 1), new SimpleMeterRegistry());
    }

    private static Map<Long, ItemFeatures> itemsOf(SimulatedFeatureStore store, List<Long> ids) throws Exception {
        return store.itemFeatures(ids).get(5, TimeUnit.SECONDS);
    }
}
