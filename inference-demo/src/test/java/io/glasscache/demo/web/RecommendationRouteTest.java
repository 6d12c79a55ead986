package io.glasscache.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.glasscache.demo.recommend.Recommendation;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Where an answer is encoded: on its connection's event loop, never on the budget's timer or another thread. */
class RecommendationRouteTest {

    private static final Recommendation ANSWER = new Recommendation("u1", "home", 0, List.of(),
            Recommendation.Source.FAILOVER, null, false, 45);

    private final DefaultEventLoop connectionLoop = new DefaultEventLoop(new DefaultThreadFactory("connection-loop"));
    private final DefaultEventLoop otherLoop = new DefaultEventLoop(new DefaultThreadFactory("other-loop"));

    @AfterEach
    void stopLoops() {
        connectionLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        otherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static String emittedOn(Mono<Recommendation> answer) {
        return answer.map(body -> Thread.currentThread().getName()).block(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerCompletedOnABackgroundThreadMovesToItsConnectionsLoop() {
        // the test thread stands for the timer thread
        assertThat(emittedOn(RecommendationRoute.onConnectionLoop(ANSWER, connectionLoop)))
                .startsWith("connection-loop");
    }

    @Test
    void anAnswerCompletedOnAnotherConnectionsLoopMovesToItsOwn() {
        assertThat(emittedOn(Mono.defer(() -> RecommendationRoute.onConnectionLoop(ANSWER, connectionLoop))
                .subscribeOn(Schedulers.fromExecutor(otherLoop)))).startsWith("connection-loop");
    }

    @Test
    void anAnswerCompletedOnItsConnectionsLoopStaysThereWithoutATask() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        connectionLoop.execute(() -> RecommendationRoute.onConnectionLoop(ANSWER, connectionLoop)
                .subscribe(body -> thread.complete(Thread.currentThread().getName() + " inline")));
        assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("connection-loop").endsWith(" inline");
    }

    @Test
    void withoutAKnownLoopABackgroundCompletionMovesToTheParallelScheduler() {
        assertThat(emittedOn(RecommendationRoute.onConnectionLoop(ANSWER, null))).startsWith("parallel-");
    }

    @Test
    void withoutAKnownLoopANonBlockingCompletionStaysWhereItIs() {
        // Reactor's single scheduler is non-blocking, as Reactor Netty's event loops are
        assertThat(emittedOn(Mono.defer(() -> RecommendationRoute.onConnectionLoop(ANSWER, null))
                .subscribeOn(Schedulers.single()))).startsWith("single-");
    }
}
