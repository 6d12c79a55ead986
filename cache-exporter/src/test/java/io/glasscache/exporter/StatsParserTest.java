package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StatsParserTest {

    @Test
    void parsesMemcached16CapturedFromARealServer() {
        MemcachedStats stats = Golden.stats("1.6");
        assertThat(stats.parseErrors()).isZero();
        assertThat(stats.general()).containsEntry("version", "1.6.18").containsEntry("cmd_set", "60")
                .containsEntry("get_hits", "3").containsEntry("curr_items", "59");
        assertThat(MemcachedStats.number(stats.general().get("rusage_user")).getAsDouble())
                .isCloseTo(0.011037, within(1e-9));
        assertThat(stats.settings()).containsEntry("lru_crawler", "yes").containsEntry("hot_max_factor", "0.20")
                .containsEntry("stat_key_prefix", ":");
        assertThat(stats.slabs().keySet()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 16, 18, 19, 21,
                22, 24, 25, 27);
        assertThat(stats.slabs().get(5)).containsEntry("chunk_size", "240").containsEntry("used_chunks", "2")
                .containsEntry("delete_hits", "1");
        assertThat(stats.slabsTotals()).containsEntry("active_slabs", "20").containsEntry("total_malloced",
                "20971520");
        assertThat(stats.items().keySet()).isEqualTo(stats.slabs().keySet());
        assertThat(stats.items().get(5)).containsEntry("number", "2").containsEntry("number_cold", "2")
                .containsEntry("mem_requested", "410");
    }

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
        assertThat(stats.parseErrors()).isZero();
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
        assertThat(stats.parseErrors()).isZero();
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
    void countsMalformedLinesAndValues() {
        MemcachedStats stats = StatsParser.parse("STAT uptime 10\r\nGARBAGE\r\nSTAT curr_items lots\r\nSTAT \r\n"
                + "STAT bytes\r\nEND\r\n", null, "STAT x:chunk_size 96\r\nSTAT 1:chunk_size 96\r\nEND\r\n",
                "STAT items:1:number 3\r\nSTAT items:abc:number 1\r\nSTAT number 2\r\nEND\r\n");
        assertThat(stats.parseErrors()).isEqualTo(6); // GARBAGE, "STAT ", "STAT bytes", x:, items:abc:, number
        assertThat(stats.general()).containsEntry("uptime", "10");
        Samples samples = new Samples();
        int valueErrors = StatsMapper.map(stats, CollectorSwitches.ALL, samples,
                io.prometheus.metrics.model.snapshots.Labels.EMPTY);
        assertThat(valueErrors).isEqualTo(1); // curr_items lots
        assertThat(samples.contains(Family.CURRENT_ITEMS)).isFalse();
        assertThat(samples.contains(Family.UPTIME)).isTrue();
    }

    @Test
    void bytesFromTheReadBufferParseAsTheirText() {
        String[] files = {"stats.txt", "stats-settings.txt", "stats-slabs.txt", "stats-items.txt"};
        for (String version : new String[] {"1.4", "1.5", "1.6"}) {
            StatsParser parser = new StatsParser();
            for (StatsParser.Command command : StatsParser.Command.values()) {
                byte[] answer = Golden.file(version, files[command.ordinal()]).getBytes(StandardCharsets.US_ASCII);
                byte[] inBuffer = new byte[answer.length + 20]; // an answer sits inside the read buffer, not at 0
                System.arraycopy(answer, 0, inBuffer, 7, answer.length);
                parser.accept(command, inBuffer, 7, 7 + answer.length);
            }
            assertThat(parser.result()).as(version).isEqualTo(Golden.stats(version));
        }
    }

    @Test
    void smallNumbersFromTheTableAreTheSameValues() {
        String[] values = {"0", "7", "10", "999", "1000", "007", "00", "-1", "1a", "9x9", "12345678901234567890", ":"};
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            answer.append("STAT v").append(i).append(' ').append(values[i]).append("\r\n");
        }
        byte[] bytes = answer.toString().getBytes(StandardCharsets.US_ASCII);
        StatsParser parser = new StatsParser();
        parser.accept(StatsParser.Command.STATS, bytes, 0, bytes.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(parser.result().general()).containsEntry("v" + i, values[i]);
        }
        assertThat(parser.result().parseErrors()).isZero();
    }

    @Test
    void charactersBeyondLatin1NeitherSplitLinesNorShiftValues() {
        // U+010A's low byte is a newline and U+0120's a space; the emoji is a surrogate pair (two chars)
        MemcachedStats stats = StatsParser.parse("STAT version 1.6\uD83D\uDE00\u010Ax\r\nSTAT n\u0120ame 1\r\n"
                + "STAT curr_items 5\r\nEND\r\n", null, null, null);
        assertThat(stats.general()).containsExactly(Map.entry("version", "1.6\uD83D\uDE00\u010Ax"),
                Map.entry("curr_items", "5"));
        assertThat(stats.parseErrors()).isEqualTo(1); // n\u0120ame: not a stat name
    }

    @Test
    void readsNumbersAsMemcachedWritesThem() {
        assertThat(MemcachedStats.number("0.123456").getAsDouble()).isEqualTo(0.123456);
        assertThat(MemcachedStats.number("18446744073709551615").getAsDouble()).isEqualTo(1.8446744073709552E19);
        assertThat(MemcachedStats.number("yes").getAsDouble()).isEqualTo(1);
        assertThat(MemcachedStats.number("off").getAsDouble()).isEqualTo(0);
        assertThat(MemcachedStats.number("NaN")).isEmpty();
        assertThat(MemcachedStats.number("1e400")).isEmpty();
        assertThat(MemcachedStats.number("(null)")).isEmpty();
        assertThat(MemcachedStats.number("")).isEmpty();
    }
}
