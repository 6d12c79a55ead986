package io.glasscache.demo.recommend;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The warm-up before readiness ({@code demo.warm-up.*}).
 *
 * @param enabled          whether to warm up before reporting ready
 * @param deadline         the longest the warm-up may delay readiness
 * @param requestsPerScene model answers wanted per scene group
 */
@ConfigurationProperties("demo.warm-up")
public record WarmUpProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration deadline,
        @DefaultValue("5") int requestsPerScene) {

    public WarmUpProperties {
        if (deadline.isNegative() || requestsPerScene < 1) {
            throw new IllegalArgumentException("demo.warm-up.deadline must be >= 0, requests-per-scene >= 1");
        }
    }
}
