/**
 * From raw stats to metric families: the public catalogue of every family and its sample name
 * ({@link io.glasscache.exporter.mapping.Family}, for dashboards and alerts), which optional groups are collected
 * ({@link io.glasscache.exporter.mapping.CollectorSwitches}), and the samples of one scrape
 * ({@link io.glasscache.exporter.mapping.Samples}) turned into client_java snapshots. The stat-to-sample mapping
 * itself is package-private.
 */
package io.glasscache.exporter.mapping;
