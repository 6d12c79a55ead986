package io.glasscache.exporter.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.glasscache.exporter.Golden;
import org.junit.jupiter.api.Test;

class StatsParserTest {

    @Test
    void parsesMemcached16CapturedFromARealServer() {
        MemcachedStats stats = Golden.stats("1.6");
        assertThat(stats.parseErrors()).isZero();
        assertThat(stats.general()).containsEntry("version", "1.6.18").containsEntry("cmd_set", "60")
                .containsEntry("get_hits", "3").containsEntry("curr_items", "59");
        assertThat(MemcachedStats.number(stats.general().get("rusage_user"))).isCloseTo(0.011037, within(1e-9));
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
    void countsMalformedLines() {
        MemcachedStats stats = MemcachedStats.parse("STAT uptime 10\r\nGARBAGE\r\nSTAT curr_items lots\r\n"
                + "STAT \r\nSTAT bytes\r\nEND\r\n", null, "STAT x:chunk_size 96\r\nSTAT 1:chunk_size 96\r\nEND\r\n",
                "STAT items:1:number 3\r\nSTAT items:abc:number 1\r\nSTAT number 2\r\nEND\r\n");
        assertThat(stats.parseErrors()).isEqualTo(6); // GARBAGE, "STAT ", "STAT bytes", x:, items:abc:, number
        assertThat(stats.general()).containsEntry("uptime", "10").containsEntry("curr_items", "lots");
        assertThat(stats.slabs()).containsOnlyKeys(1);
        assertThat(stats.items()).containsOnlyKeys(1);
    }

    @Test
    void handWrittenOlderVersionsParseWithoutErrors() {
        assertThat(Golden.stats("1.4").parseErrors()).isZero();
        assertThat(Golden.stats("1.5").parseErrors()).isZero();
        assertThat(Golden.stats("1.4").general()).containsEntry("version", "1.4.25");
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
        MemcachedStats stats = MemcachedStats.parse("STAT version 1.6\uD83D\uDE00\u010Ax\r\nSTAT n\u0120ame 1\r\n"
                + "STAT curr_items 5\r\nEND\r\n", null, null, null);
        assertThat(stats.general()).containsExactly(Map.entry("version", "1.6\uD83D\uDE00\u010Ax"),
                Map.entry("curr_items", "5"));
        assertThat(stats.parseErrors()).isEqualTo(1); // n\u0120ame: not a stat name
    }

    @Test
    void readsNumbersAsMemcachedWritesThem() {
        assertThat(MemcachedStats.number("0.123456")).isEqualTo(0.123456);
        assertThat(MemcachedStats.number("42")).isEqualTo(42);
        assertThat(MemcachedStats.number("18446744073709551615")).isEqualTo(1.8446744073709552E19);
        assertThat(MemcachedStats.number("yes")).isEqualTo(1);
        assertThat(MemcachedStats.number("off")).isEqualTo(0);
        assertThat(MemcachedStats.number("NaN")).isNaN();
        assertThat(MemcachedStats.number("1e400")).isNaN();
        assertThat(MemcachedStats.number("(null)")).isNaN();
        assertThat(MemcachedStats.number("")).isNaN();
        assertThat(MemcachedStats.number(null)).isNaN();
    }
}
