package io.glasscache.exporter.stats;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one memcached's stats within a deadline: the commands asked for, in lanes (see {@link StatsClient}), each
 * answer parsed from the read buffer the moment it is complete. Connections are kept from one read to the next
 * until {@link #close()}. Thread-safe: one reader serves every server and scrape.
 */
public final class StatsReader implements Closeable {

    /** The commands, lane after lane, and each lane's command texts. */
    private final List<StatsParser.Command> commands;
    private final List<List<String>> lanes;
    private final StatsClient client;

    /**
     * @param settings also send {@code stats settings}
     * @param items    also send {@code stats items} (on a second connection)
     */
    public StatsReader(TlsSettings tls, boolean settings, boolean items) {
        List<List<StatsParser.Command>> commandLanes = lanes(settings, items);
        this.commands = commandLanes.stream().flatMap(List::stream).toList();
        this.lanes = commandLanes.stream().map(lane -> lane.stream().map(command -> command.text).toList()).toList();
        this.client = new StatsClient(tls.enabled() ? tls.socketFactory() : null, tls.serverName());
    }

    /**
     * stats items, the longest for memcached to answer, has a lane of its own: another memcached thread answers it
     * while the first answers the rest, and the first lane's answers are parsed meanwhile.
     */
    private static List<List<StatsParser.Command>> lanes(boolean settings, boolean items) {
        List<StatsParser.Command> first = new ArrayList<>(3);
        first.add(StatsParser.Command.STATS);
        if (settings) {
            first.add(StatsParser.Command.SETTINGS);
        }
        first.add(StatsParser.Command.SLABS); // total_malloced is a core family
        return items ? List.of(first, List.of(StatsParser.Command.ITEMS)) : List.of(first);
    }

    /**
     * The server's stats. Lines or values that cannot be parsed are counted in {@link MemcachedStats#parseErrors()};
     * an unreachable, slow or failing server, or one that refuses {@code stats}, is an exception.
     *
     * @param deadlineNanos absolute {@link System#nanoTime()} by which everything must be done
     */
    public MemcachedStats read(MemcachedAddress address, long deadlineNanos) throws IOException {
        StatsParser parser = new StatsParser();
        boolean[] statsRefused = {false};
        client.fetch(address, lanes, deadlineNanos, (index, bytes, from, to) -> {
            StatsParser.Command command = commands.get(index);
            if (bytes != null) {
                parser.accept(command, bytes, from, to);
            } else if (command == StatsParser.Command.STATS) {
                statsRefused[0] = true;
            }
        });
        if (statsRefused[0]) {
            throw new IOException("memcached answered 'stats' with an error");
        }
        return parser.result();
    }

    /** Closes the kept connections. */
    @Override
    public void close() {
        client.close();
    }
}
