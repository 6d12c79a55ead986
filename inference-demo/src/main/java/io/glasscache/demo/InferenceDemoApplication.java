package io.glasscache.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The GlassCache demo recommender. Lives in {@code io.glasscache.demo} so that component scanning never picks up
 * cache-core's auto-configuration (it comes in through {@code AutoConfiguration.imports}, with its conditions).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(InferenceDemoApplication.class, args);
    }
}
