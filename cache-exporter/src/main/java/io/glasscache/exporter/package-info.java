/**
 * The memcached exporter's two entry points: {@link io.glasscache.exporter.MemcachedCollector}, a client_java
 * collector to register in any registry (with {@link io.glasscache.exporter.Discovery} of several servers), and
 * {@link io.glasscache.exporter.ExporterMain}, the standalone exporter: its flags, its configuration and the wiring
 * of the collector to the HTTP server. The work is done in {@code .stats} (talking to memcached), {@code .mapping}
 * (stats to metric families), {@code .http} (serving them) and {@code .tls} (PEM files).
 */
package io.glasscache.exporter;
