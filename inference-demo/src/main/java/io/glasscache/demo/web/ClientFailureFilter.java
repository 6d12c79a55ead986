package io.glasscache.demo.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Failures the client caused, which Spring would log with a stack trace and count as 500s in the server's request
 * metrics (on both ports):
 * <ul>
 * <li>a request whose body Reactor Netty cannot decode (a chunk size that is no number, say) gets Netty's own 400 and
 * a closed connection while the handler, started on the request's head, may still be running; the handler's answer
 * then fails with "Status and headers already sent";</li>
 * <li>a client that goes away in the middle of its request body (Reactor Netty's {@code AbortedException} while the
 * chaos controls read it): Spring logs a 500 while the response can still take a status.</li>
 * </ul>
 * Either ends here as a bad request, counted (field {@code request}) and logged at DEBUG.
 *
 * <p>And an {@code Accept} header Spring cannot parse is disregarded, as RFC 9110 (12.5.1) allows: some malformed
 * values make Spring's parser throw a StringIndexOutOfBoundsException instead of its InvalidMimeTypeException, from
 * content negotiation and from Boot's error handler alike, which turned a 404 into a 500.
 */
@Component
public class ClientFailureFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ClientFailureFilter.class);

    private final Problems problems;

    public ClientFailureFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange original, WebFilterChain chain) {
        ServerWebExchange exchange = withoutUnreadableAccept(original);
        return chain.filter(exchange).onErrorResume(e -> causedByTheClient(e, exchange), e -> {
            problems.countInvalid("request");
            exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
            log.debug("400 {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    e.toString());
            return Mono.empty();
        });
    }

    /** The exchange as it came, or without its Accept header when that cannot be parsed. */
    static ServerWebExchange withoutUnreadableAccept(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (!headers.containsKey(HttpHeaders.ACCEPT)) {
            return exchange;
        }
        try {
            headers.getAccept();
            return exchange;
        } catch (RuntimeException unreadable) { // InvalidMediaTypeException, or worse
            log.debug("{} {}: Accept disregarded: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), unreadable.toString());
            return exchange.mutate().request(r -> r.headers(h -> h.remove(HttpHeaders.ACCEPT))).build();
        }
    }

    static boolean causedByTheClient(Throwable e, ServerWebExchange exchange) {
        return e instanceof IllegalStateException && answeredByNetty(exchange)
                || DisconnectedClientHelper.isClientDisconnectedException(e);
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
