package io.glasscache.demo;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.glasscache.cache.FailoverCache;
import io.glasscache.cache.FailoverCacheFactory;
import io.glasscache.cache.FailoverGuard;
import io.glasscache.cache.TieredCache;
import io.glasscache.cache.TieredCacheFactory;
import io.glasscache.cache.codec.ValueCodec;
import io.glasscache.demo.feature.FeatureLookup;
import io.glasscache.demo.feature.FeatureStoreProperties;
import io.glasscache.demo.feature.ItemFeatures;
import io.glasscache.demo.feature.ResilientFeatureStore;
import io.glasscache.demo.feature.SimulatedFeatureStore;
import io.glasscache.demo.feature.TieredFeatureLookup;
import io.glasscache.demo.feature.UserFeatures;
import io.glasscache.demo.recommend.RecommendProperties;
import io.glasscache.demo.recommend.RecommendationService;
import io.glasscache.demo.recommend.SceneCatalog;
import io.glasscache.demo.recommend.ScoredItem;
import io.glasscache.demo.recommend.ScoringModel;
import io.glasscache.demo.recommend.Screen;
import io.glasscache.demo.recommend.WarmUp;
import io.glasscache.demo.recommend.WarmUpProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the feature store, the caches, the failover guard and the recommender. */
@Configuration(proxyBeanMethods = false)
public class DemoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

    public static final String USER_FEATURES = "user_features";
    public static final String ITEM_FEATURES = "item_features";
    public static final String SCREENS = "screens";

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService demoTimeouts() {
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "demo-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // nearly every timeout is cancelled (the call finished in time): drop it from the queue at once
        timeouts.setRemoveOnCancelPolicy(true);
        return timeouts;
    }

    @Bean(destroyMethod = "close")
    SimulatedFeatureStore simulatedFeatureStore(FeatureStoreProperties properties, MeterRegistry registry) {
        return new SimulatedFeatureStore(properties, registry);
    }

    @Bean
    ResilientFeatureStore resilientFeatureStore(SimulatedFeatureStore store, CircuitBreakerRegistry breakers,
            TimeLimiterRegistry limiters, BulkheadRegistry bulkheads, ScheduledExecutorService demoTimeouts) {
        String name = ResilientFeatureStore.INSTANCE;
        return new ResilientFeatureStore(store, breakers.circuitBreaker(name), limiters.timeLimiter(name),
                bulkheads.bulkhead(name), demoTimeouts);
    }

    @Bean(destroyMethod = "close")
    FeatureLookup featureLookup(@Value("${demo.cache-mode:tiered}") CacheMode mode, TieredCacheFactory caches,
            ResilientFeatureStore store) {
        log.info("demo cache mode: {}", mode);
        if (mode == CacheMode.NONE) {
            return FeatureLookup.direct(store);
        }
        boolean l1 = mode == CacheMode.TIERED;
        TieredCache<String, UserFeatures> users = caches.<String, UserFeatures>builder(USER_FEATURES)
                .keyToString(id -> id)
                .codec(ValueCodec.kryo(UserFeatures.class))
                .l1Enabled(l1)
                .loader(store::userFeatures)
                .batchLoader(store::userFeatures) // taken when loads.max-concurrent bounds the user calls
                .build();
        TieredCache<Long, ItemFeatures> items;
        try {
            items = caches.<Long, ItemFeatures>builder(ITEM_FEATURES)
                    .keyToString(String::valueOf)
                    .codec(ValueCodec.kryo(ItemFeatures.class))
                    .l1Enabled(l1)
                    .batchLoader(store::itemFeatures)
                    .loader(id -> store.itemFeatures(java.util.List.of(id)).thenApply(found -> found.get(id)))
                    .build();
        } catch (RuntimeException e) {
            users.close();
            throw e;
        }
        return new TieredFeatureLookup(users, items);
    }

    @Bean
    FailoverCache<Screen> screenFailoverCache(FailoverCacheFactory factory) {
        return factory.builder(SCREENS, ValueCodec.kryo(Screen.class, ScoredItem.class)).build();
    }

    /** The degradation ladder; its budget and late deadline come from {@code glasscache.failover.guard.*}. */
    @Bean
    FailoverGuard<Screen> screenFailoverGuard(FailoverCacheFactory factory, FailoverCache<Screen> screens) {
        return screenGuard(factory, screens).build();
    }

    private static FailoverGuard.Builder<Screen> screenGuard(FailoverCacheFactory factory,
            FailoverCache<Screen> screens) {
        return factory.guard(screens).usable(screen -> !screen.items().isEmpty()).exhausted(Screen::exhausted);
    }

    @Bean
    SceneCatalog sceneCatalog(RecommendProperties properties, FeatureStoreProperties store) {
        return new SceneCatalog(properties, store.items());
    }

    @Bean
    ScoringModel scoringModel(RecommendProperties properties) {
        return new ScoringModel(properties.modelSeed());
    }

    @Bean
    RecommendationService recommendationService(FeatureLookup features, SceneCatalog scenes, ScoringModel model,
            FailoverGuard<Screen> screenFailoverGuard, FailoverCacheFactory factory, FailoverCache<Screen> screens,
            WarmUpProperties warmUp) {
        // Before readiness a request waits for the model up to the warm-up's deadline rather than answer empty.
        FailoverGuard<Screen> warmingUp = screenGuard(factory, screens).lateDeadline(warmUp.deadline()).build();
        return new RecommendationService(features, scenes, model, screenFailoverGuard, warmingUp);
    }

    @Bean
    WarmUp warmUp(RecommendationService service, SceneCatalog scenes, WarmUpProperties properties) {
        return new WarmUp(service, scenes, properties);
    }
}
