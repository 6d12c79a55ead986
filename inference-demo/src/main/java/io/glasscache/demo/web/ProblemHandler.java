package io.glasscache.demo.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Bad input to the annotated controllers (the chaos controls) as {@code application/problem+json} through
 * {@link Problems}; framework errors (unreadable body, wrong method, unknown path) get problem details through the
 * base class and are counted too. The recommendation route renders its own problems (see
 * {@link RecommendationRoute}).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final Problems problems;

    public ProblemHandler(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(InvalidRequestException.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, ServerWebExchange exchange) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problems.invalid(e, exchange.getRequest().getPath().value()));
    }

    /** Malformed query strings and the like that reach handlers as IllegalArgumentException. */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<ProblemDetail> illegal(IllegalArgumentException e, ServerWebExchange exchange) {
        return invalid(new InvalidRequestException("request", "malformed request: " + e.getMessage()), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        if (status.is4xxClientError()) {
            problems.countInvalid("request");
            log.debug("{} {}: {}", status.value(), exchange.getRequest().getPath(), ex.getMessage());
        }
        return super.handleExceptionInternal(ex, body, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
            // else Spring sets URI.create(path), which throws for a path like "//" (a 500 instead of the 404)
            problem.setInstance(Problems.instance(exchange.getRequest().getPath().value()));
        }
        return super.createResponseEntity(body, headers, status, exchange);
    }
}
