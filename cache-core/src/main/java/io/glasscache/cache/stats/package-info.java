/**
 * Stats (API): the recorder interfaces the caches report to ({@link io.glasscache.cache.stats.CacheStatsRecorder},
 * {@link io.glasscache.cache.stats.FailoverStatsRecorder}, made by a {@link io.glasscache.cache.stats.StatsRecorderFactory}),
 * the enums that are their tag values, and the metric names as constants ({@link io.glasscache.cache.stats.MetricNaming},
 * {@link io.glasscache.cache.stats.CacheMetric}, {@link io.glasscache.cache.stats.FailoverMetric}) that bindings and
 * the generated dashboards and alerts share. Free of any metrics library.
 */
package io.glasscache.cache.stats;
