package io.glasscache.exporter;

import java.util.Map;
import java.util.OptionalDouble;

import io.prometheus.metrics.model.snapshots.Labels;

/** Turns parsed stats into samples. Values that are present but not numbers are counted, never thrown. */
final class StatsMapper {

    private static final String[] HIT_MISS_COMMANDS = {"get", "delete", "incr", "decr", "cas", "touch"};
    private static final String[] SLAB_HIT_COMMANDS = {"get", "delete", "incr", "decr", "cas", "touch"};
    private static final String[][] LRU_HITS = {
        {"hits_to_hot", "hot"}, {"hits_to_warm", "warm"}, {"hits_to_cold", "cold"}, {"hits_to_temp", "temporary"}};

    private final CollectorSwitches switches;
    private final Samples out;
    private final Labels base;
    private int valueErrors;

    private StatsMapper(CollectorSwitches switches, Samples out, Labels base) {
        this.switches = switches;
        this.out = out;
        this.base = base;
    }

    /**
     * Adds every family the stats support to {@code out}, labelled with {@code base} (empty, or
     * {@code memcached_instance} in discovery mode). Returns how many values could not be parsed.
     */
    static int map(MemcachedStats stats, CollectorSwitches switches, Samples out, Labels base) {
        StatsMapper mapper = new StatsMapper(switches, out, base);
        mapper.map(stats);
        return mapper.valueErrors;
    }

    private void map(MemcachedStats stats) {
        Map<String, String> general = stats.general();
        boolean extstore = general.containsKey("extstore_limit_maxbytes");
        boolean proxy = general.containsKey("proxy_conn_requests");
        boolean lru = !"no".equals(stats.settings().get("lru_crawler"));
        for (Family family : Family.values()) {
            switch (family.source()) {
                case STATS:
                    if (family.group() == Family.Group.EXTSTORE && !(extstore && switches.extstore())
                            || family.group() == Family.Group.PROXY && !(proxy && switches.proxy())
                            || family.group() == Family.Group.LRU && !lru) {
                        continue;
                    }
                    single(family, general.get(family.stat()));
                    break;
                case SETTINGS:
                    if (switches.settings() && lru) {
                        single(family, stats.settings().get(family.stat()));
                    }
                    break;
                case SLABS_TOTAL:
                    single(family, stats.slabsTotals().get(family.stat()));
                    break;
                case SLABS:
                    if (switches.slab()) {
                        stats.slabs().forEach((id, values) -> perSlab(family, id, values.get(family.stat())));
                    }
                    break;
                case ITEMS:
                    if (switches.items()) {
                        stats.items().forEach((id, values) -> perSlab(family, id, values.get(family.stat())));
                    }
                    break;
                default:
                    break;
            }
        }
        derived(stats);
    }

    private void derived(MemcachedStats stats) {
        Map<String, String> general = stats.general();
        String version = general.get("version");
        if (version != null) {
            out.add(Family.VERSION, base.add("version", version), 1);
        }
        String maxConnections = general.containsKey("max_connections") ? general.get("max_connections")
                : stats.settings().get("maxconns");
        single(Family.MAX_CONNECTIONS, maxConnections);
        commands(general);
        if (switches.items()) {
            boolean tempLru = "yes".equals(stats.settings().get("temp_lru"));
            stats.items().forEach((id, values) -> {
                Labels slab = base.add("slab", Integer.toString(id));
                String temp = values.get("number_temp");
                if (temp != null) {
                    value(temp).ifPresent(v -> out.add(Family.SLAB_TEMPORARY_ITEMS, slab, v));
                } else if (!tempLru) {
                    out.add(Family.SLAB_TEMPORARY_ITEMS, slab, 0); // no temporary LRU, so no temporary items
                }
                for (String[] hit : LRU_HITS) {
                    value(values.get(hit[0])).ifPresent(v -> out.add(Family.SLAB_LRU_HITS, slab.add("lru", hit[1]),
                            v));
                }
                String requested = values.get("mem_requested");
                if (requested == null && stats.slabs().containsKey(id)) {
                    requested = stats.slabs().get(id).get("mem_requested"); // before 1.5.17
                }
                value(requested).ifPresent(v -> out.add(Family.SLAB_MEM_REQUESTED, slab, v));
            });
        }
        if (switches.slab()) {
            stats.slabs().forEach((id, values) -> slabCommands(base.add("slab", Integer.toString(id)), values));
        }
    }

    private void commands(Map<String, String> general) {
        for (String command : HIT_MISS_COMMANDS) {
            command(command, "hit", general.get(command + "_hits"));
            command(command, "miss", general.get(command + "_misses"));
        }
        command("cas", "badval", general.get("cas_badval"));
        command("flush", "hit", general.get("cmd_flush"));
        OptionalDouble set = value(general.get("cmd_set"));
        if (set.isPresent()) {
            double cas = value(general.get("cas_hits")).orElse(0) + value(general.get("cas_misses")).orElse(0)
                    + value(general.get("cas_badval")).orElse(0);
            out.add(Family.COMMANDS, base.add("command", "set").add("status", "hit"),
                    Math.max(0, set.getAsDouble() - cas));
        }
    }

    private void command(String command, String status, String raw) {
        value(raw).ifPresent(v -> out.add(Family.COMMANDS, base.add("command", command).add("status", status), v));
    }

    private void slabCommands(Labels slab, Map<String, String> values) {
        for (String command : SLAB_HIT_COMMANDS) {
            value(values.get(command + "_hits")).ifPresent(v -> out.add(Family.SLAB_COMMANDS,
                    slab.add("command", command).add("status", "hit"), v));
        }
        value(values.get("cas_badval")).ifPresent(v -> out.add(Family.SLAB_COMMANDS,
                slab.add("command", "cas").add("status", "badval"), v));
        value(values.get("cmd_set")).ifPresent(v -> out.add(Family.SLAB_COMMANDS,
                slab.add("command", "set").add("status", "hit"), v));
    }

    private void single(Family family, String raw) {
        value(raw).ifPresent(v -> out.add(family, base, v));
    }

    private void perSlab(Family family, int slabClass, String raw) {
        value(raw).ifPresent(v -> out.add(family, base.add("slab", Integer.toString(slabClass)), v));
    }

    /** Absent: empty, not an error (older servers lack newer stats). Present but garbled: empty and counted. */
    private OptionalDouble value(String raw) {
        if (raw == null) {
            return OptionalDouble.empty();
        }
        OptionalDouble parsed = MemcachedStats.number(raw);
        if (parsed.isEmpty()) {
            valueErrors++;
        }
        return parsed;
    }
}
