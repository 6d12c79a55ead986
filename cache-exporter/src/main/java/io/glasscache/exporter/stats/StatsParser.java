package io.glasscache.exporter.stats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses memcached's text-protocol stats answers. Pure and total: it never throws, whatever the input;
 * every line that is not {@code STAT <name> <value>} (or whose name lacks the expected {@code <class>:} or
 * {@code items:<class>:} shape) is skipped and counted.
 *
 * <p>The collector feeds it each answer as bytes, straight from the read buffer, the moment the answer is
 * complete: an answer is parsed while memcached still computes the next, and no String of a whole answer is
 * made. Not thread-safe: one instance per server per scrape.
 */
final class StatsParser {

    /** The stats commands, each answered by its own kind of lines. */
    enum Command {
        STATS("stats"), SETTINGS("stats settings"), SLABS("stats slabs"), ITEMS("stats items");

        final String text;

        Command(String text) {
            this.text = text;
        }
    }

    private static final int MAX_SLAB_CLASS = 1024; // memcached has at most 64 (MAX_NUMBER_OF_SLAB_CLASSES)

    private final Map<String, String> general = new LinkedHashMap<>(256);
    private final Map<String, String> settings = new LinkedHashMap<>(128);
    private final PerClass slabClasses = new PerClass(false);
    private final Map<String, String> slabTotals = new HashMap<>(8);
    private final PerClass itemClasses = new PerClass(true);
    private int errors;

    StatsParser() {
    }

    /** Parses the four answers; any may be null (not requested or not answered). */
    static MemcachedStats parse(String stats, String settings, String slabs, String items) {
        StatsParser parser = new StatsParser();
        parser.accept(Command.STATS, stats);
        parser.accept(Command.SETTINGS, settings);
        parser.accept(Command.SLABS, slabs);
        parser.accept(Command.ITEMS, items);
        return parser.result();
    }

    private void accept(Command command, String answer) {
        if (answer != null) {
            byte[] bytes = latin1(answer);
            lines(command, bytes, 0, bytes.length, answer);
        }
    }

    /** Parses one answer, {@code bytes[from, to)}: its lines before {@code END}. Values are ASCII-decoded. */
    void accept(Command command, byte[] bytes, int from, int to) {
        lines(command, bytes, from, to, null);
    }

    /** What the answers accepted so far hold. */
    MemcachedStats result() {
        return new MemcachedStats(Collections.unmodifiableMap(general), Collections.unmodifiableMap(settings),
                Collections.unmodifiableSortedMap(slabClasses.classes), Collections.unmodifiableMap(slabTotals),
                Collections.unmodifiableSortedMap(itemClasses.classes), errors);
    }

    /**
     * A well-formed line of {@code command}'s answer: its name, ASCII, is line[nameStart, nameEnd), {@code hash} is
     * the name's {@link String#hashCode()} and {@code colon} the index of its first ':' (-1 if none).
     */
    private void line(Command command, byte[] line, int nameStart, int nameEnd, int hash, int colon, String value) {
        switch (command) {
            case STATS:
                general.put(name(line, nameStart, nameEnd, hash), value);
                break;
            case SETTINGS:
                settings.put(name(line, nameStart, nameEnd, hash), value);
                break;
            case SLABS:
                if (colon < 0) {
                    slabTotals.put(name(line, nameStart, nameEnd, hash), value); // active_slabs, total_malloced
                } else if (!slabClasses.put(line, nameStart, colon, nameEnd, value)) {
                    errors++;
                }
                break;
            default:
                if (!itemClasses.put(line, nameStart, colon, nameEnd, value)) {
                    errors++;
                }
                break;
        }
    }

    /** {@code <class>:<name>} (stats slabs) or {@code items:<class>:<name>} (stats items) keyed lines. */
    private static final class PerClass {
        final SortedMap<Integer, Map<String, String>> classes = new TreeMap<>();
        private final boolean itemsPrefix;
        private int lastId = -1;
        private Map<String, String> last;

        PerClass(boolean itemsPrefix) {
            this.itemsPrefix = itemsPrefix;
        }

        /** The stat name is line[nameStart, nameEnd); its first colon is at {@code colon} (-1 if none). */
        boolean put(byte[] line, int nameStart, int colon, int nameEnd, String value) {
            if (colon < 0) {
                return false;
            }
            int idStart = nameStart;
            if (itemsPrefix) {
                if (colon - nameStart != 5 || !startsWith(line, nameStart, ITEMS)) {
                    return false;
                }
                idStart = colon + 1;
                colon = indexOf(line, ':', idStart, nameEnd);
                if (colon < 0) {
                    return false;
                }
            }
            int id = slabClass(line, idStart, colon);
            if (id < 0 || colon + 1 == nameEnd) {
                return false;
            }
            if (id != lastId) { // lines come grouped by class: look the map up once per class
                last = classes.computeIfAbsent(id, k -> new HashMap<>(64));
                lastId = id;
            }
            last.put(name(line, colon + 1, nameEnd, hash(line, colon + 1, nameEnd)), value);
            return true;
        }
    }

    private static int slabClass(byte[] line, int from, int to) {
        if (to == from || to - from > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int c = line[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_SLAB_CLASS ? value : -1;
    }

    /**
     * Finds the {@code STAT name value} lines of bytes[from, to) and counts every other non-empty line, in one
     * pass: the name is checked, hashed and its first colon found as it is scanned. The value is the rest of the line
     * (it may hold spaces), cut from {@code original} when the bytes were made from it.
     */
    private void lines(Command command, byte[] bytes, int from, int to, String original) {
        int start = from;
        while (start < to) {
            int lineStart = start;
            int nameEnd = -1;
            int hash = 0;
            int colon = -1;
            int scan = lineStart;
            if (to - lineStart > 5 && startsWith(bytes, lineStart, STAT)) {
                scan = lineStart + 5;
                while (scan < to && NAME_CHARS[bytes[scan] & 0xff]) {
                    if (bytes[scan] == ':' && colon < 0) {
                        colon = scan;
                    }
                    hash = 31 * hash + bytes[scan];
                    scan++;
                }
                nameEnd = scan;
            }
            int newline = indexOf(bytes, '\n', scan, to);
            int end = newline < 0 ? to : newline;
            start = end + 1;
            if (end > lineStart && bytes[end - 1] == '\r') {
                end--;
            }
            if (end == lineStart || (end - lineStart == 3 && startsWith(bytes, lineStart, END))) {
                continue;
            }
            // a name, then one space, then a value: else no name, no value, or a character no stat name has
            if (nameEnd <= lineStart + 5 || nameEnd >= end - 1 || bytes[nameEnd] != ' ') {
                errors++;
                continue;
            }
            String value = original != null ? original.substring(nameEnd + 1, end) : value(bytes, nameEnd + 1, end);
            line(command, bytes, lineStart + 5, nameEnd, hash, colon, value);
        }
    }

    /**
     * Most values are small whole numbers (of the bench server's 1,374 values, 1,234 are 0-999 and 918 are 0): those
     * come from a table made once instead of as new Strings, which cut the parse by a tenth on the reference machine.
     */
    private static final String[] SMALL_NUMBERS = new String[1000];

    static {
        for (int i = 0; i < SMALL_NUMBERS.length; i++) {
            SMALL_NUMBERS[i] = Integer.toString(i);
        }
    }

    /** The value line[from, to), ASCII-decoded. */
    private static String value(byte[] line, int from, int to) {
        int length = to - from;
        if (length <= 3 && length > 0 && (length == 1 || line[from] != '0')) {
            int number = 0;
            int i = from;
            while (i < to && line[i] >= '0' && line[i] <= '9') {
                number = number * 10 + line[i] - '0';
                i++;
            }
            if (i == to) {
                return SMALL_NUMBERS[number];
            }
        }
        return new String(line, from, length, StandardCharsets.US_ASCII);
    }

    /**
     * One byte per character of the answer, at the same index; characters beyond Latin-1 become '?', which is
     * neither a separator nor a name character.
     */
    private static byte[] latin1(String answer) {
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length == answer.length()) {
            return bytes;
        }
        // a surrogate pair became a single '?': map char by char so that indexes match the answer's
        bytes = new byte[answer.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = answer.charAt(i);
            bytes[i] = c < 256 ? (byte) c : (byte) '?';
        }
        return bytes;
    }

    private static final byte[] STAT = {'S', 'T', 'A', 'T', ' '};
    private static final byte[] END = {'E', 'N', 'D'};
    private static final byte[] ITEMS = {'i', 't', 'e', 'm', 's'};

    /** The characters of a stat name: ASCII letters, digits, '_', ':', '.', '-'. */
    private static final boolean[] NAME_CHARS = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            NAME_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == ':' || c == '.' || c == '-';
        }
    }

    private static int hash(byte[] line, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + line[i];
        }
        return hash;
    }

    private static int indexOf(byte[] line, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** line[from, ...) begins with {@code prefix}; the caller has checked that the line is long enough. */
    private static boolean startsWith(byte[] line, int from, byte[] prefix) {
        return matches(line, from, from + prefix.length, prefix);
    }

    /** A stat name and its bytes, cached together (one slot write, so a racing reader sees both or neither). */
    private record Name(byte[] bytes, String string) {
    }

    /**
     * Stat names repeat every scrape (a few hundred distinct ones, ~1,400 lines with 28 slab classes): the names
     * seen are kept in a small table indexed by hash, so a known name costs a comparison instead of a new String
     * (whose hash the maps would compute again). Slots are overwritten on collision; a racy write only loses a
     * cached entry.
     */
    private static final Name[] NAMES = new Name[2048];

    /** The name line[from, to), all name characters (ASCII), whose hash is {@code hash}. */
    static String name(byte[] line, int from, int to, int hash) {
        int slot = (hash ^ (hash >>> 11)) & (NAMES.length - 1);
        Name known = NAMES[slot];
        if (known != null && known.string.hashCode() == hash && matches(line, from, to, known.bytes)) {
            return known.string;
        }
        byte[] bytes = Arrays.copyOfRange(line, from, to);
        String name = new String(bytes, StandardCharsets.ISO_8859_1);
        NAMES[slot] = new Name(bytes, name);
        return name;
    }

    /** A plain loop: names are a few bytes, too short for {@code Arrays.equals}' vectorized set-up to pay. */
    private static boolean matches(byte[] line, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (line[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }
}
