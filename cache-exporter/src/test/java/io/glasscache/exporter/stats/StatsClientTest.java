package io.glasscache.exporter.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The answer splitter, fed in every chunk size (a real server is in the ITs). */
class StatsClientTest {

    private static final String ANSWERS = "STAT pid 1\r\nSTAT uptime 10\r\nEND\r\n"
            + "ERROR\r\n"
            + "STAT 1:chunk_size 96\r\nSTAT active_slabs 1\r\nEND\r\n"
            + "SERVER_ERROR out of memory\r\n";

    /** Hands out the bytes {@code chunk} at a time, as a socket may. */
    private static StatsConnection chunked(byte[] bytes, int chunk) {
        return new StatsConnection() {
            private int position;

            @Override
            public void write(byte[] ignored) {
            }

            @Override
            public int read(byte[] buffer, int offset, int length, int timeoutMillis) {
                if (position == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(chunk, length), bytes.length - position);
                System.arraycopy(bytes, position, buffer, offset, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void splitsAnswersAtEndAndErrorsWhateverTheChunking() throws IOException {
        byte[] bytes = ANSWERS.getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            List<String> answers = StatsClient.readAnswers(chunked(bytes, chunk), 4,
                    System.nanoTime() + 10_000_000_000L);
            assertThat(answers).as("chunk %d", chunk).containsExactly("STAT pid 1\r\nSTAT uptime 10\r\n", null,
                    "STAT 1:chunk_size 96\r\nSTAT active_slabs 1\r\n", null);
        }
    }

    @Test
    void growsPastItsFirstBufferAndStopsAtTheLimit() throws IOException {
        StringBuilder big = new StringBuilder();
        while (big.length() < 200_000) {
            big.append("STAT items:1:number ").append(big.length()).append("\r\n");
        }
        byte[] bytes = (big + "END\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(StatsClient.readAnswers(chunked(bytes, 8192), 1, System.nanoTime() + 10_000_000_000L).get(0))
                .isEqualTo(big.toString());

        byte[] endless = new byte[StatsClient.MAX_RESPONSE_BYTES + 1];
        java.util.Arrays.fill(endless, (byte) 'x');
        assertThatThrownBy(() -> StatsClient.readAnswers(chunked(endless, 65536), 1,
                System.nanoTime() + 10_000_000_000L)).isInstanceOf(IOException.class).hasMessageContaining("exceeds");
    }

    @Test
    void closedConnectionBeforeTheLastEndIsAnError() {
        byte[] bytes = "STAT pid 1\r\nEND\r\nSTAT x 1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> StatsClient.readAnswers(chunked(bytes, 5), 2, System.nanoTime() + 10_000_000_000L))
                .isInstanceOf(IOException.class).hasMessageContaining("after 1 of 2");
    }

    @Test
    void onlyUnixPathsAndIpLiteralsConnectWithoutALookup() {
        assertThat(MemcachedAddress.parse("127.0.0.1:11211").connectsWithoutLookup()).isTrue();
        assertThat(MemcachedAddress.parse("[::1]:11211").connectsWithoutLookup()).isTrue();
        assertThat(MemcachedAddress.parse("/run/memcached.sock").connectsWithoutLookup()).isTrue();
        assertThat(MemcachedAddress.parse("localhost:11211").connectsWithoutLookup()).isFalse();
        assertThat(MemcachedAddress.parse("memcached.cache.svc:11211").connectsWithoutLookup()).isFalse();
        assertThat(MemcachedAddress.parse("1.2.3:11211").connectsWithoutLookup()).isFalse();
        assertThat(MemcachedAddress.parse("1.2.3.4.example:11211").connectsWithoutLookup()).isFalse();
        assertThat(MemcachedAddress.parse("10.0.0.1234:11211").connectsWithoutLookup()).isFalse();
    }
}
