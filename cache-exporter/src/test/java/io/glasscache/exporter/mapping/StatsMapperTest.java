package io.glasscache.exporter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.glasscache.exporter.Golden;
import io.glasscache.exporter.stats.MemcachedStats;
import io.prometheus.metrics.model.snapshots.Labels;
import org.junit.jupiter.api.Test;

/** Stats to samples: the golden answers of three memcached versions, switches, and values that are no numbers. */
class StatsMapperTest {

    @Test
    void mapsMemcached16ToTheContractFamilies() {
        Map<String, Double> samples = Golden.samples(Golden.text(Golden.map(Golden.stats("1.6"),
                CollectorSwitches.ALL)));
        assertThat(samples).containsEntry("memcached_version{version=\"1.6.18\"}", 1.0)
                .containsEntry("memcached_current_items", 59.0)
                .containsEntry("memcached_limit_bytes", 67108864.0)
                .containsEntry("memcached_malloced_bytes", 20971520.0)
                .containsEntry("memcached_max_connections", 1024.0)
                .containsEntry("memcached_commands_total{command=\"get\",status=\"hit\"}", 3.0)
                .containsEntry("memcached_commands_total{command=\"get\",status=\"miss\"}", 1.0)
                .containsEntry("memcached_commands_total{command=\"delete\",status=\"hit\"}", 1.0)
                .containsEntry("memcached_commands_total{command=\"set\",status=\"hit\"}", 60.0)
                .containsEntry("memcached_lru_crawler_enabled", 1.0)
                .containsEntry("memcached_lru_crawler_hot_max_factor", 0.2)
                .containsEntry("memcached_slab_chunk_size_bytes{slab=\"5\"}", 240.0)
                .containsEntry("memcached_slab_current_items{slab=\"5\"}", 2.0)
                .containsEntry("memcached_slab_cold_items{slab=\"5\"}", 2.0)
                .containsEntry("memcached_slab_temporary_items{slab=\"5\"}", 0.0)
                .containsEntry("memcached_slab_mem_requested_bytes{slab=\"5\"}", 410.0)
                .containsEntry("memcached_slab_commands_total{command=\"delete\",slab=\"5\",status=\"hit\"}", 1.0)
                .containsEntry("memcached_slab_commands_total{command=\"set\",slab=\"5\",status=\"hit\"}", 3.0);
        assertThat(samples.keySet()).filteredOn(k -> k.startsWith("memcached_slab_chunk_size_bytes{")).hasSize(20);
        assertThat(samples.keySet()).noneMatch(k -> k.startsWith("memcached_extstore_")
                || k.startsWith("memcached_proxy_"));
    }

    @Test
    void parsesHandWritten14StyleOutput() {
        MemcachedStats stats = Golden.stats("1.4");
        Map<String, Double> samples = Golden.samples(Golden.text(Golden.map(stats, CollectorSwitches.ALL)));
        assertThat(samples).containsEntry("memcached_version{version=\"1.4.25\"}", 1.0)
                .containsEntry("memcached_process_user_cpu_seconds_total", 12.5)
                .containsEntry("memcached_max_connections", 1024.0) // no max_connections in 1.4 stats: settings
                .containsEntry("memcached_commands_total{command=\"set\",status=\"hit\"}", 394.0) // 400 - (2+1+3)
                .containsEntry("memcached_commands_total{command=\"cas\",status=\"badval\"}", 3.0)
                .containsEntry("memcached_commands_total{command=\"flush\",status=\"hit\"}", 1.0)
                .containsEntry("memcached_items_evicted_total", 12.0)
                .containsEntry("memcached_slab_items_evicted_time_seconds{slab=\"1\"}", 120.0)
                .containsEntry("memcached_slab_mem_requested_bytes{slab=\"1\"}", 3600.0) // from stats slabs
                .containsEntry("memcached_slab_commands_total{command=\"get\",slab=\"1\",status=\"hit\"}", 800.0);
        // lru_crawler no: no LRU group, and no segmented-LRU stats in 1.4 items
        assertThat(samples.keySet()).noneMatch(k -> k.startsWith("memcached_lru_crawler_"))
                .noneMatch(k -> k.startsWith("memcached_slab_hot_items"));
    }

    @Test
    void parsesHandWritten15StyleOutput() {
        MemcachedStats stats = Golden.stats("1.5");
        Map<String, Double> samples = Golden.samples(Golden.text(Golden.map(stats, CollectorSwitches.ALL)));
        assertThat(samples).containsEntry("memcached_max_connections", 2048.0)
                .containsEntry("memcached_connections_rejected_total", 2.0)
                .containsEntry("memcached_get_expired_total", 6.0)
                .containsEntry("memcached_time_in_listen_disabled_seconds_total", 2.5)
                .containsEntry("memcached_lru_crawler_starts_total", 1530.0)
                .containsEntry("memcached_lru_crawler_moves_to_cold_total", 150.0)
                .containsEntry("memcached_slab_temporary_items{slab=\"2\"}", 2.0)
                .containsEntry("memcached_slab_items_moves_to_cold{slab=\"2\"}", 150.0)
                .containsEntry("memcached_slab_lru_hits_total{lru=\"temporary\",slab=\"2\"}", 10.0)
                .containsEntry("memcached_slab_lru_hits_total{lru=\"warm\",slab=\"2\"}", 200.0)
                .containsEntry("memcached_slab_mem_requested_bytes{slab=\"2\"}", 2000.0);
    }

    @Test
    void switchesCutTheirSeries() {
        Map<String, Double> samples = Golden.samples(Golden.text(Golden.map(Golden.stats("1.6"),
                new CollectorSwitches(false, false, false, true, true))));
        assertThat(samples.keySet()).noneMatch(k -> k.contains("slab=\""))
                .noneMatch(k -> k.startsWith("memcached_lru_crawler_hot_percent"));
        assertThat(samples).containsKey("memcached_current_items").containsKey("memcached_malloced_bytes");
    }

    @Test
    void countsValuesThatAreNoNumbers() {
        MemcachedStats stats = MemcachedStats.parse("STAT uptime 10\r\nGARBAGE\r\nSTAT curr_items lots\r\nSTAT \r\n"
                + "STAT bytes\r\nEND\r\n", null, "STAT x:chunk_size 96\r\nSTAT 1:chunk_size 96\r\nEND\r\n",
                "STAT items:1:number 3\r\nSTAT items:abc:number 1\r\nSTAT number 2\r\nEND\r\n");
        Samples samples = new Samples();
        int valueErrors = samples.addStats(stats, CollectorSwitches.ALL, Labels.EMPTY);
        assertThat(valueErrors).isEqualTo(1); // curr_items lots
        assertThat(samples.contains(Family.CURRENT_ITEMS)).isFalse();
        assertThat(samples.contains(Family.UPTIME)).isTrue();
    }
}
