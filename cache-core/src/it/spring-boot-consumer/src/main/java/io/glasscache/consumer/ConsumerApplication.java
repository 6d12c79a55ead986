package io.glasscache.consumer;

import java.util.concurrent.CompletableFuture;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.glasscache.cache.TieredCache;
import io.glasscache.cache.TieredCacheFactory;
import io.glasscache.cache.codec.ValueCodec;

/** A user's application: one cache from the auto-configured factory, everything else from glasscache.* properties. */
@SpringBootApplication
public class ConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsumerApplication.class, args);
    }

    @Bean
    TieredCache<String, String> profiles(TieredCacheFactory caches) {
        return caches.<String, String>builder("profiles")
                .codec(ValueCodec.json(String.class))
                .loader(id -> CompletableFuture.completedFuture("profile of " + id))
                .build();
    }
}
