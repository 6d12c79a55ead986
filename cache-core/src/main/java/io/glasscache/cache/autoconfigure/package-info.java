/**
 * Spring Boot auto-configuration (optional glue, the only package that imports Spring): caches, the L2, the failover
 * factory and its restore at start-up, from {@code glasscache.*} properties.
 */
package io.glasscache.cache.autoconfigure;
