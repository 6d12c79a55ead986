package io.glasscache.demo.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A request whose body Reactor Netty cannot decode (a chunk size that is no number, say) gets Netty's own 400 and a
 * closed connection while the handler, started on the request's head, may still be running; the handler's answer
 * then fails with "Status and headers already sent". That is the client's error, already answered: the exchange
 * ends here as a bad request (counted, logged at DEBUG), not as a 500 with a stack trace in the log and in the
 * server's request metrics.
 */
@Component
public class DecodeFailureFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DecodeFailureFilter.class);

    private final Problems problems;

    public DecodeFailureFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).onErrorResume(e -> e instanceof IllegalStateException && answeredByNetty(exchange),
                e -> {
                    problems.countInvalid("request");
                    exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
                    log.debug("400 {} {}: Netty answered a body it could not decode", exchange.getRequest().getMethod(),
                            exchange.getRequest().getPath());
                    return Mono.empty();
                });
    }

    /** Whether Reactor Netty has sent a response of its own on this exchange's connection. */
    static boolean answeredByNetty(ServerWebExchange exchange) {
        try {
            Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
            return response instanceof HttpServerResponse netty && netty.hasSentHeaders();
        } catch (IllegalArgumentException | IllegalStateException notNetty) {
            return false;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
