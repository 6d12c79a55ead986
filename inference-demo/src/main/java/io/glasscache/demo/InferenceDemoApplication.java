package io.glasscache.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The GlassCache demo recommender. Lives in {@code io.glasscache.demo} so that component scanning never picks up
 * cache-core's auto-configuration (it comes in through {@code AutoConfiguration.imports}, with its conditions).
 * {@code @SpringBootApplication}'s scan, spelt out to leave out management-context configurations (the chaos
 * controls): the management server's own context imports them, so they serve on the management port only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
    @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class)})
@ConfigurationPropertiesScan
public class InferenceDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(InferenceDemoApplication.class, args);
    }
}
