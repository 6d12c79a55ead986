package io.glasscache.exporter.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.glasscache.exporter.stats.MemcachedStats;
import io.prometheus.metrics.model.snapshots.Labels;

/** Turns parsed stats into samples. Values that are present but not numbers are counted, never thrown. */
final class StatsMapper {

    private static final String[] HIT_MISS_COMMANDS = {"get", "delete", "incr", "decr", "cas", "touch"};
    private static final String[] SLAB_HIT_COMMANDS = {"get", "delete", "incr", "decr", "cas", "touch"};
    private static final String[][] LRU_HITS = {
        {"hits_to_hot", "hot"}, {"hits_to_warm", "warm"}, {"hits_to_cold", "cold"}, {"hits_to_temp", "temporary"}};
    /** Per-slab command samples: {stat, command, status}. */
    private static final String[][] SLAB_COMMANDS = slabCommandTable();
    /**
     * The per-slab label sets of the single-server case (no {@code memcached_instance}), built once and shared by
     * every scrape: there are ~12 per slab class, and building one (Labels validates and sorts) cost more than
     * mapping its sample. Indexed by slab class (memcached has at most 64; 256 leaves room); immutable, so a racy
     * first fill is harmless.
     */
    private static final int SHARED_CLASSES = 256;
    private static final Labels[] SHARED_SLAB = new Labels[SHARED_CLASSES];
    private static final Labels[][] SHARED_SLAB_COMMAND = new Labels[SHARED_CLASSES][];
    private static final Labels[][] SHARED_SLAB_LRU = new Labels[SHARED_CLASSES][];

    private final CollectorSwitches switches;
    private final Samples out;
    private final Labels base;
    /** base + slab="N", built once per class: Labels validates and sorts on every add. */
    private final Map<Integer, Labels> slabLabels = new HashMap<>();
    private int valueErrors;
    /** The slab classes in the order of their label values ("1", "10", "2"): client_java sorts every family's
     *  points by labels, and sorting points already in order costs one comparison each. */
    private List<Map.Entry<Integer, Map<String, String>>> slabs;
    private List<Map.Entry<Integer, Map<String, String>>> items;

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
        slabs = inLabelOrder(stats.slabs());
        items = inLabelOrder(stats.items());
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
                        perSlab(family, slabs);
                    }
                    break;
                case ITEMS:
                    if (switches.items()) {
                        perSlab(family, items);
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
            for (Map.Entry<Integer, Map<String, String>> entry : items) {
                Labels slab = slab(entry.getKey());
                Map<String, String> values = entry.getValue();
                String temp = values.get("number_temp");
                if (temp != null) {
                    add(Family.SLAB_TEMPORARY_ITEMS, slab, temp);
                } else if (!tempLru) {
                    out.add(Family.SLAB_TEMPORARY_ITEMS, slab, 0); // no temporary LRU, so no temporary items
                }
                for (int h = 0; h < LRU_HITS.length; h++) {
                    double v = value(values.get(LRU_HITS[h][0]));
                    if (!Double.isNaN(v)) {
                        out.add(Family.SLAB_LRU_HITS, slabLru(entry.getKey(), h), v);
                    }
                }
                String requested = values.get("mem_requested");
                Map<String, String> slabValues = stats.slabs().get(entry.getKey());
                if (requested == null && slabValues != null) {
                    requested = slabValues.get("mem_requested"); // before 1.5.17
                }
                add(Family.SLAB_MEM_REQUESTED, slab, requested);
            }
        }
        if (switches.slab()) {
            for (Map.Entry<Integer, Map<String, String>> entry : slabs) {
                for (int c = 0; c < SLAB_COMMANDS.length; c++) {
                    double v = value(entry.getValue().get(SLAB_COMMANDS[c][0]));
                    if (!Double.isNaN(v)) {
                        out.add(Family.SLAB_COMMANDS, slabCommand(entry.getKey(), c), v);
                    }
                }
            }
        }
    }

    private void commands(Map<String, String> general) {
        for (String command : HIT_MISS_COMMANDS) {
            command(command, "hit", general.get(command + "_hits"));
            command(command, "miss", general.get(command + "_misses"));
        }
        command("cas", "badval", general.get("cas_badval"));
        command("flush", "hit", general.get("cmd_flush"));
        double set = value(general.get("cmd_set"));
        if (!Double.isNaN(set)) {
            double cas = orZero(value(general.get("cas_hits"))) + orZero(value(general.get("cas_misses")))
                    + orZero(value(general.get("cas_badval")));
            out.add(Family.COMMANDS, base.add("command", "set").add("status", "hit"), Math.max(0, set - cas));
        }
    }

    private void command(String command, String status, String raw) {
        double v = value(raw);
        if (!Double.isNaN(v)) {
            out.add(Family.COMMANDS, base.add("command", command).add("status", status), v);
        }
    }

    private static String[][] slabCommandTable() {
        String[][] table = new String[SLAB_HIT_COMMANDS.length + 2][];
        for (int i = 0; i < SLAB_HIT_COMMANDS.length; i++) {
            table[i] = new String[] {SLAB_HIT_COMMANDS[i] + "_hits", SLAB_HIT_COMMANDS[i], "hit"};
        }
        table[SLAB_HIT_COMMANDS.length] = new String[] {"cas_badval", "cas", "badval"};
        table[SLAB_HIT_COMMANDS.length + 1] = new String[] {"cmd_set", "set", "hit"};
        return table;
    }

    private Labels slabCommand(int slabClass, int index) {
        if (!shared(slabClass)) {
            return slab(slabClass).add("command", SLAB_COMMANDS[index][1]).add("status", SLAB_COMMANDS[index][2]);
        }
        Labels[] row = SHARED_SLAB_COMMAND[slabClass];
        if (row == null) {
            row = new Labels[SLAB_COMMANDS.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = slab(slabClass).add("command", SLAB_COMMANDS[i][1]).add("status", SLAB_COMMANDS[i][2]);
            }
            SHARED_SLAB_COMMAND[slabClass] = row;
        }
        return row[index];
    }

    private Labels slabLru(int slabClass, int index) {
        if (!shared(slabClass)) {
            return slab(slabClass).add("lru", LRU_HITS[index][1]);
        }
        Labels[] row = SHARED_SLAB_LRU[slabClass];
        if (row == null) {
            row = new Labels[LRU_HITS.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = slab(slabClass).add("lru", LRU_HITS[i][1]);
            }
            SHARED_SLAB_LRU[slabClass] = row;
        }
        return row[index];
    }

    private boolean shared(int slabClass) {
        return base.isEmpty() && slabClass >= 0 && slabClass < SHARED_CLASSES;
    }

    private void single(Family family, String raw) {
        add(family, base, raw);
    }

    private void perSlab(Family family, List<Map.Entry<Integer, Map<String, String>>> classes) {
        for (Map.Entry<Integer, Map<String, String>> entry : classes) {
            perSlab(family, entry.getKey(), entry.getValue().get(family.stat()));
        }
    }

    private void perSlab(Family family, int slabClass, String raw) {
        if (raw != null) {
            add(family, slab(slabClass), raw);
        }
    }

    private void add(Family family, Labels labels, String raw) {
        double v = value(raw);
        if (!Double.isNaN(v)) {
            out.add(family, labels, v);
        }
    }

    private static List<Map.Entry<Integer, Map<String, String>>> inLabelOrder(
            Map<Integer, Map<String, String>> classes) {
        List<Map.Entry<Integer, Map<String, String>>> ordered = new ArrayList<>(classes.entrySet());
        ordered.sort(Comparator.comparing(e -> Integer.toString(e.getKey())));
        return ordered;
    }

    private Labels slab(int slabClass) {
        if (shared(slabClass)) {
            Labels labels = SHARED_SLAB[slabClass];
            if (labels == null) {
                labels = Labels.of("slab", Integer.toString(slabClass));
                SHARED_SLAB[slabClass] = labels;
            }
            return labels;
        }
        return slabLabels.computeIfAbsent(slabClass, id -> base.add("slab", Integer.toString(id)));
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    /** Absent: NaN, not an error (older servers lack newer stats). Present but garbled: NaN and counted. */
    private double value(String raw) {
        if (raw == null) {
            return Double.NaN;
        }
        double parsed = MemcachedStats.number(raw);
        if (Double.isNaN(parsed)) {
            valueErrors++;
        }
        return parsed;
    }
}
