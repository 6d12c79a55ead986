package io.glasscache.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.glasscache.demo.recommend.Recommendation;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Where an answer is encoded: never on the budget's timer or another background thread. */
class RecommendationRouteTest {

    private static final Recommendation ANSWER = new Recommendation("u1", "home", 0, List.of(),
            Recommendation.Source.FAILOVER, false, 45);

    private static String emittedOn(Mono<Recommendation> answer) {
        return answer.map(body -> Thread.currentThread().getName()).block(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerCompletedOnABackgroundThreadMovesToTheParallelScheduler() {
        // the test thread stands for the timer thread: a plain thread, not an event loop
        assertThat(emittedOn(Mono.defer(() -> RecommendationRoute.offBackgroundThreads(ANSWER))))
                .startsWith("parallel-");
    }

    @Test
    void anAnswerCompletedOnANonBlockingThreadStaysThere() {
        // Reactor's single scheduler is non-blocking, as Reactor Netty's event loops are
        assertThat(emittedOn(Mono.defer(() -> RecommendationRoute.offBackgroundThreads(ANSWER))
                .subscribeOn(Schedulers.single()))).startsWith("single-");
    }
}
