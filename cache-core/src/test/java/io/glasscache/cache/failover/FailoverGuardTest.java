package io.glasscache.cache.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailoverGuardTest {

    private static final FailoverKey HOME = FailoverKey.of("home");
    private FailoverCache<Screen> cache;
    private FailoverGuard<Screen> guard;

    @BeforeEach
    void setUp() {
        cache = FailoverCache.builder("guard", Screen.codec()).store(StoreType.HEAP).build();
        guard = FailoverGuard.builder(cache)
                .usable(s -> !s.items().isEmpty())
                .exhausted(s -> s.id().equals("the-end"))
                .exhaustedError(t -> t instanceof IllegalStateException && "exhausted".equals(t.getMessage()))
                .build();
    }

    @AfterEach
    void tearDown() {
        cache.close();
    }

    @Test
    void aUsablePrimaryIsServedAndRecorded() throws Exception {
        Screen good = Screen.of("good", List.of("a"));
        Served<Screen> served = guard.guard(HOME, CompletableFuture.completedFuture(good)).get(1, TimeUnit.SECONDS);
        assertThat(served.source()).isEqualTo(Served.Source.PRIMARY);
        assertThat(served.value()).isEqualTo(good);
        assertThat(cache.awaitDrained(Duration.ofSeconds(5))).isTrue();
        assertThat(cache.sample(HOME)).contains(good);
    }

    @Test
    void aFailedPrimaryIsReplacedByTheLastGoodValue() throws Exception {
        Screen good = recordGood();
        Served<Screen> served = guard.guard(HOME,
                CompletableFuture.failedFuture(new RuntimeException("db down"))).get(1, TimeUnit.SECONDS);
        assertThat(served.source()).isEqualTo(Served.Source.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
        assertThat(served.failure()).hasMessage("db down");
    }

    @Test
    void aTimeoutOrACauseOfOneServesFailover() throws Exception {
        Screen good = recordGood();
        assertThat(guard.guard(HOME, CompletableFuture.failedFuture(new TimeoutException())).get().value())
                .isEqualTo(good);
        Served<Screen> wrapped = guard.guard(HOME, CompletableFuture.failedFuture(
                new CompletionException(new ExecutionException(new TimeoutException("slow"))))).get();
        assertThat(wrapped.source()).isEqualTo(Served.Source.FAILOVER);
    }

    @Test
    void theGuardTimeoutServesFailoverWithoutWaitingForThePrimary() throws Exception {
        Screen good = recordGood();
        FailoverGuard<Screen> timed = FailoverGuard.builder(cache).timeout(Duration.ofMillis(50)).build();
        CompletableFuture<Screen> never = new CompletableFuture<>();
        CompletableFuture<Served<Screen>> result = timed.guard(HOME, never);
        assertThat(result).isNotDone(); // nothing blocked the caller
        Served<Screen> served = result.get(5, TimeUnit.SECONDS);
        assertThat(served.source()).isEqualTo(Served.Source.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
        assertThat(served.failure()).isInstanceOf(TimeoutException.class);
        assertThat(never).isNotDone(); // the primary itself is left alone
    }

    @Test
    void anEmptyPrimaryIsReplacedByFailover() throws Exception {
        Screen good = recordGood();
        Served<Screen> served = guard.guard(HOME, CompletableFuture.completedFuture(Screen.of("empty", List.of())))
                .get();
        assertThat(served.source()).isEqualTo(Served.Source.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
    }

    @Test
    void exhaustedContentIsServedAsIsWithoutFailoverOrRecording() throws Exception {
        recordGood();
        Screen end = Screen.of("the-end", List.of());
        Served<Screen> served = guard.guard(HOME, CompletableFuture.completedFuture(end)).get();
        assertThat(served.source()).isEqualTo(Served.Source.PRIMARY);
        assertThat(served.value()).isEqualTo(end);
        long servedBefore = cache.stats().served();
        CompletableFuture<Served<Screen>> error = guard.guard(HOME,
                CompletableFuture.failedFuture(new IllegalStateException("exhausted")));
        assertThat(error).isCompletedExceptionally();
        assertThat(cache.stats().served()).isEqualTo(servedBefore);
        assertThat(cache.stats().stored()).isEqualTo(1);
    }

    @Test
    void nothingToServeIsEmptyWithThePrimaryResultIfAny() throws Exception {
        Served<Screen> failed = guard.guard(HOME, CompletableFuture.failedFuture(new RuntimeException("x"))).get();
        assertThat(failed.source()).isEqualTo(Served.Source.EMPTY);
        assertThat(failed.optionalValue()).isEmpty();
        Screen empty = Screen.of("empty", List.of());
        Served<Screen> nothing = guard.guard(HOME, CompletableFuture.completedFuture(empty)).get();
        assertThat(nothing.source()).isEqualTo(Served.Source.EMPTY);
        assertThat(nothing.value()).isEqualTo(empty);
        Served<Screen> nullResult = guard.guard(HOME, CompletableFuture.completedFuture(null)).get();
        assertThat(nullResult.source()).isEqualTo(Served.Source.EMPTY);
        assertThat(cache.stats().empty()).isEqualTo(3);
    }

    @Test
    void aThrowingPredicateStillServesSomething() throws Exception {
        Screen good = recordGood();
        FailoverGuard<Screen> broken = FailoverGuard.builder(cache).usable(s -> {
            throw new IllegalArgumentException("bug");
        }).build();
        Served<Screen> served = broken.guard(HOME, CompletableFuture.completedFuture(Screen.of("x", List.of("y"))))
                .get();
        assertThat(served.source()).isEqualTo(Served.Source.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
    }

    private Screen recordGood() throws Exception {
        Screen good = Screen.of("good", List.of("a", "b"));
        guard.guard(HOME, CompletableFuture.completedFuture(good)).get();
        assertThat(cache.awaitDrained(Duration.ofSeconds(5))).isTrue();
        return good;
    }
}
