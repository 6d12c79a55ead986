/**
 * PEM certificates and private keys turned into JSSE key and trust managers. Shared by the TLS client to memcached
 * ({@code io.glasscache.exporter.stats}) and the exporter's HTTPS server ({@code io.glasscache.exporter.http}).
 */
package io.glasscache.exporter.tls;
