package io.glasscache.exporter.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lanes over real loopback sockets, against a small scripted server (memcached itself is in the ITs): answers
 * arrive numbered across lanes, each lane keeps its connection, and a kept connection is retried on a fresh one
 * only when it failed before handing on any answer.
 */
class StatsClientLanesTest {

    private static final List<List<String>> LANES = List.of(List.of("stats", "stats slabs"), List.of("stats items"));

    private final ScriptedServer server = new ScriptedServer();
    private final StatsClient client = new StatsClient(null, null);

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
    }

    private List<String> fetch() throws IOException {
        List<String> answers = new ArrayList<>();
        client.fetch(server.address(), LANES, System.nanoTime() + 5_000_000_000L, (index, bytes, from, to) -> {
            assertThat(index).isEqualTo(answers.size());
            answers.add(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
        });
        return answers;
    }

    @Test
    void answersComeNumberedAcrossLanesAndEachLaneKeepsItsConnection() throws IOException {
        assertThat(fetch()).containsExactly("STAT pid 1\r\n", "STAT 1:chunk_size 96\r\n", "STAT items:1:number 2\r\n");
        assertThat(fetch()).hasSize(3);
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void staleKeptConnectionsAreReplacedWithinTheScrape() throws IOException {
        fetch();
        server.dropConnections(); // as a restarted server would
        assertThat(fetch()).hasSize(3);
        assertThat(server.accepted.get()).isEqualTo(4);
    }

    @Test
    void aLaneThatFailsAfterAnAnswerIsNotSentAgain() throws IOException {
        fetch();
        server.truncateSlabs.set(true); // stats arrives whole, then the connection dies inside stats slabs
        List<String> delivered = new ArrayList<>();
        assertThatThrownBy(() -> client.fetch(server.address(), LANES, System.nanoTime() + 5_000_000_000L,
                (index, bytes, from, to) -> delivered.add(new String(bytes, from, to - from,
                        StandardCharsets.US_ASCII)))).isInstanceOf(IOException.class);
        assertThat(delivered).containsExactly("STAT pid 1\r\n");
        assertThat(server.accepted.get()).as("no fresh connection: stats would be handed on twice").isEqualTo(2);
    }

    /** Answers stats commands line by line; can drop its connections or cut stats slabs short. */
    private static final class ScriptedServer implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicBoolean truncateSlabs = new AtomicBoolean();
        private final ServerSocket socket;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        ScriptedServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(this::acceptAll, "scripted-memcached");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        MemcachedAddress address() {
            return MemcachedAddress.parse("127.0.0.1:" + socket.getLocalPort());
        }

        void dropConnections() throws IOException {
            for (Socket connection : connections) {
                connection.close();
            }
            connections.clear();
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    accepted.incrementAndGet();
                    connections.add(connection);
                    Thread serving = new Thread(() -> serve(connection), "scripted-memcached-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = connection.getOutputStream();
                for (String command = in.readLine(); command != null; command = in.readLine()) {
                    String answer = switch (command) {
                        case "stats" -> "STAT pid 1\r\nEND\r\n";
                        case "stats slabs" -> truncateSlabs.get() ? "STAT 1:chunk" : "STAT 1:chunk_size 96\r\nEND\r\n";
                        case "stats items" -> "STAT items:1:number 2\r\nEND\r\n";
                        default -> "ERROR\r\n";
                    };
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (answer.equals("STAT 1:chunk")) {
                        return; // dies mid-answer
                    }
                }
            } catch (IOException e) {
                // the client or the test closed it
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            dropConnections();
        }
    }
}
