/**
 * The Micrometer binding of the stats (API): {@link io.glasscache.cache.micrometer.MicrometerStats}. The only package
 * that touches Micrometer, besides the Spring Boot glue that hands it the application's registry.
 */
package io.glasscache.cache.micrometer;
