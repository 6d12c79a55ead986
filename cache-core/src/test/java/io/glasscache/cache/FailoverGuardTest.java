package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

import io.glasscache.cache.micrometer.MicrometerStats;
import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.EmptyReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The degradation ladder, rung by rung; budgets are driven by futures the test completes, never by a race. */
class FailoverGuardTest {

    private static final FailoverKey HOME = FailoverKey.of("home");
    private static final FailoverKey DEST_42 = FailoverKey.of("destination", "42");
    private static final FailoverKey DEST_7 = FailoverKey.of("destination", "7");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FailoverCache<Screen> cache;
    private FailoverGuard<Screen> guard;

    @BeforeEach
    void setUp() {
        cache = FailoverCache.builder("guard", Screen.codec()).store(StoreType.HEAP)
                .recordStats(MicrometerStats.of(registry)).build();
        guard = guard().build();
    }

    private FailoverGuard.Builder<Screen> guard() {
        return FailoverGuard.builder(cache)
                .usable(s -> !s.items().isEmpty())
                .exhausted(s -> s.id().equals("the-end"))
                .exhaustedError(t -> t instanceof IllegalStateException && "exhausted".equals(t.getMessage()));
    }

    @AfterEach
    void tearDown() {
        cache.close();
    }

    private Served<Screen> serve(FailoverGuard<Screen> g, FailoverKey key, CompletableFuture<Screen> primary)
            throws Exception {
        return g.guard(key, primary).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private double answers(String group, AnswerRung rung) {
        return registry.get("model_serving.feature_cache.failover.answers").tag("group", group)
                .tag("rung", rung.tag()).counter().count();
    }

    private double empties(String group, EmptyReason reason) {
        return registry.get("model_serving.feature_cache.failover.empty.answers").tag("group", group)
                .tag("reason", reason.tag()).counter().count();
    }

    @Test
    void rung1AUsablePrimaryIsServedAndRecordedUnderItsKeyAndItsParent() throws Exception {
        Screen good = Screen.of("good", List.of("a"));
        Served<Screen> served = serve(guard, DEST_42, CompletableFuture.completedFuture(good));
        assertThat(served.rung()).isEqualTo(AnswerRung.PRIMARY);
        assertThat(served.value()).isEqualTo(good);
        assertThat(cache.awaitDrained(WAIT)).isTrue();
        assertThat(cache.sample(DEST_42)).contains(good);
        assertThat(cache.sample(DEST_42.parent())).as("also under the group").contains(good);
        assertThat(answers("destination", AnswerRung.PRIMARY)).isEqualTo(1);
    }

    @Test
    void rung2AFailedPrimaryIsReplacedByTheLastGoodValueOfTheKey() throws Exception {
        Screen good = recordGood(HOME);
        Served<Screen> served = serve(guard, HOME, CompletableFuture.failedFuture(new RuntimeException("db down")));
        assertThat(served.rung()).isEqualTo(AnswerRung.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
        assertThat(served.failure()).hasMessage("db down");
        Served<Screen> wrapped = serve(guard, HOME, CompletableFuture.failedFuture(
                new CompletionException(new ExecutionException(new TimeoutException("slow")))));
        assertThat(wrapped.rung()).isEqualTo(AnswerRung.FAILOVER);
        assertThat(wrapped.failure()).isInstanceOf(TimeoutException.class);
        assertThat(answers("home", AnswerRung.FAILOVER)).isEqualTo(2);
    }

    @Test
    void rung2TheBudgetServesFailoverWithoutWaitingForThePrimary() throws Exception {
        Screen good = recordGood(HOME);
        FailoverGuard<Screen> timed = guard().budget(Duration.ofMillis(50)).build();
        CompletableFuture<Screen> never = new CompletableFuture<>();
        CompletableFuture<Served<Screen>> result = timed.guard(HOME, never);
        assertThat(result).isNotDone(); // nothing blocked the caller
        Served<Screen> served = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(served.rung()).isEqualTo(AnswerRung.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
        assertThat(served.failure()).as("running out of budget is not a failure").isNull();
        assertThat(never).isNotDone(); // the primary itself is left alone
    }

    @Test
    void rung3WarmOneDestinationAndAnotherIsAnsweredFromTheParent() throws Exception {
        Screen warm = recordGood(DEST_42);
        Served<Screen> served = serve(guard, DEST_7, CompletableFuture.failedFuture(new RuntimeException("x")));
        assertThat(served.rung()).isEqualTo(AnswerRung.FAILOVER_PARENT);
        assertThat(served.value()).isEqualTo(warm);
        assertThat(answers("destination", AnswerRung.FAILOVER_PARENT)).isEqualTo(1);

        FailoverGuard<Screen> noParent = guard().parentKey(false).build();
        Served<Screen> exactOnly = serve(noParent, DEST_7, CompletableFuture.failedFuture(new RuntimeException()));
        assertThat(exactOnly.rung()).isEqualTo(AnswerRung.EMPTY);
        assertThat(exactOnly.emptyReason()).isEqualTo(EmptyReason.ERROR);
    }

    @Test
    void rung4WithNothingHeldALatePrimaryAnswerIsServedAndRecorded() throws Exception {
        FailoverGuard<Screen> timed = guard().budget(Duration.ofMillis(20)).lateDeadline(Duration.ofSeconds(30))
                .build();
        CompletableFuture<Screen> primary = new CompletableFuture<>();
        CompletableFuture<Served<Screen>> result = timed.guard(HOME, primary);
        // the budget has run out once the guard has looked for a last-good value and found none
        await().atMost(WAIT).until(() -> cache.stats().empty() == 1);
        assertThat(result).isNotDone();
        Screen late = Screen.of("late", List.of("a"));
        primary.complete(late);
        Served<Screen> served = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(served.rung()).isEqualTo(AnswerRung.PRIMARY_LATE);
        assertThat(served.value()).isEqualTo(late);
        assertThat(cache.awaitDrained(WAIT)).isTrue();
        assertThat(cache.sample(HOME)).as("a late answer is a good answer: recorded").contains(late);
        assertThat(registry.get("model_serving.feature_cache.failover.late.latency").tag("group", "home").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void rung5EmptyOnlyAtTheDeadlineOrOnAFailureOrAnUnusableAnswerWithNothingHeld() throws Exception {
        FailoverGuard<Screen> timed = guard().budget(Duration.ofMillis(20)).lateDeadline(Duration.ofMillis(100))
                .build();
        Served<Screen> deadline = serve(timed, HOME, new CompletableFuture<>());
        assertThat(deadline.rung()).isEqualTo(AnswerRung.EMPTY);
        assertThat(deadline.emptyReason()).isEqualTo(EmptyReason.DEADLINE);

        FailoverGuard<Screen> patient = guard().budget(Duration.ofMillis(20)).lateDeadline(Duration.ofSeconds(30))
                .build();
        CompletableFuture<Screen> failsLate = new CompletableFuture<>();
        CompletableFuture<Served<Screen>> result = patient.guard(HOME, failsLate);
        await().atMost(WAIT).until(() -> cache.stats().empty() == 2);
        failsLate.completeExceptionally(new RuntimeException("store down"));
        Served<Screen> error = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(error.emptyReason()).isEqualTo(EmptyReason.ERROR);
        assertThat(error.failure()).hasMessage("store down");

        Screen empty = Screen.of("empty", List.of());
        Served<Screen> unusable = serve(guard, HOME, CompletableFuture.completedFuture(empty));
        assertThat(unusable.emptyReason()).isEqualTo(EmptyReason.UNUSABLE);
        assertThat(unusable.value()).as("the primary's own result is handed back").isEqualTo(empty);
        Served<Screen> nullResult = serve(guard, HOME, CompletableFuture.completedFuture(null));
        assertThat(nullResult.emptyReason()).isEqualTo(EmptyReason.UNUSABLE);
        assertThat(nullResult.value()).isNull();

        assertThat(answers("home", AnswerRung.EMPTY)).isEqualTo(4);
        assertThat(empties("home", EmptyReason.DEADLINE)).isEqualTo(1);
        assertThat(empties("home", EmptyReason.ERROR)).isEqualTo(1);
        assertThat(empties("home", EmptyReason.UNUSABLE)).isEqualTo(2);
    }

    @Test
    void anEmptyPrimaryIsReplacedByFailover() throws Exception {
        Screen good = recordGood(HOME);
        Served<Screen> served = serve(guard, HOME, CompletableFuture.completedFuture(Screen.of("empty", List.of())));
        assertThat(served.rung()).isEqualTo(AnswerRung.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
    }

    @Test
    void exhaustedContentIsServedAsIsWithoutFailoverOrRecording() throws Exception {
        recordGood(HOME);
        Screen end = Screen.of("the-end", List.of());
        Served<Screen> served = serve(guard, HOME, CompletableFuture.completedFuture(end));
        assertThat(served.rung()).isEqualTo(AnswerRung.PRIMARY);
        assertThat(served.value()).isEqualTo(end);
        long servedBefore = cache.stats().served();
        CompletableFuture<Served<Screen>> error = guard.guard(HOME,
                CompletableFuture.failedFuture(new IllegalStateException("exhausted")));
        assertThat(error).isCompletedExceptionally();
        assertThat(cache.stats().served()).isEqualTo(servedBefore);
        assertThat(cache.stats().stored()).isEqualTo(1);
    }

    @Test
    void aThrowingPredicateStillServesSomething() throws Exception {
        Screen good = recordGood(HOME);
        FailoverGuard<Screen> broken = FailoverGuard.builder(cache).usable(s -> {
            throw new IllegalArgumentException("bug");
        }).build();
        Served<Screen> served = serve(broken, HOME, CompletableFuture.completedFuture(Screen.of("x", List.of("y"))));
        assertThat(served.rung()).isEqualTo(AnswerRung.FAILOVER);
        assertThat(served.value()).isEqualTo(good);
    }

    private Screen recordGood(FailoverKey key) throws Exception {
        Screen good = Screen.of("good", List.of("a", "b"));
        serve(guard, key, CompletableFuture.completedFuture(good));
        assertThat(cache.awaitDrained(WAIT)).isTrue();
        return good;
    }
}
