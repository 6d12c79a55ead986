package io.glasscache.cache.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache's snapshot files in a directory: {@code <cache>.<generation, 19 digits>.snap}, written as
 * {@code .snap.tmp} and renamed into place. Numbers the next generation, lists them newest first, prunes all but
 * the newest few, and syncs the directory after a rename. Not thread-safe: its cache serializes snapshots.
 */
public final class SnapshotGenerations {

    private static final Logger log = LoggerFactory.getLogger(SnapshotGenerations.class);

    /** One snapshot file and its generation number. */
    public record Generation(long number, Path path) {
    }

    private final String cache;
    private final Path directory;
    private final int kept;
    private final Pattern fileName;
    private long last = -1;

    /**
     * @param cache     the cache's name (safe in file names)
     * @param directory where its snapshots live
     * @param kept      generations kept by {@link #prune()} (at least 2: the newest and the one before)
     */
    public SnapshotGenerations(String cache, Path directory, int kept) {
        this.cache = cache;
        this.directory = directory;
        this.kept = kept;
        this.fileName = Pattern.compile(Pattern.quote(cache) + "\\.(\\d{1,19})\\.snap");
    }

    public Path directory() {
        return directory;
    }

    /**
     * The number of the next generation (above every one on disk or written by this instance), after creating the
     * directory and deleting temporary files a crashed writer left behind.
     */
    public long next() throws IOException {
        Files.createDirectories(directory);
        long max = last;
        for (Generation g : list()) {
            max = Math.max(max, g.number());
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, cache + ".*.snap.tmp")) {
            for (Path stale : stream) {
                Files.deleteIfExists(stale);
            }
        }
        return max + 1;
    }

    /** Where generation {@code number} is written before it is renamed into place. */
    public Path temporary(long number) {
        return directory.resolve(name(number) + ".tmp");
    }

    /** Where generation {@code number} lives once complete. */
    public Path file(long number) {
        return directory.resolve(name(number));
    }

    /** Records that generation {@code number} is in place, syncs the directory and prunes old generations. */
    public void committed(long number) throws IOException {
        last = number;
        syncDirectory();
        prune();
    }

    /** This cache's snapshot files, newest first. */
    public List<Generation> list() throws IOException {
        List<Generation> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, cache + ".*.snap")) {
            for (Path path : stream) {
                Matcher m = fileName.matcher(path.getFileName().toString());
                if (m.matches()) {
                    found.add(new Generation(Long.parseLong(m.group(1)), path));
                }
            }
        }
        found.sort(Comparator.comparingLong(Generation::number).reversed());
        return found;
    }

    private void prune() throws IOException {
        List<Generation> all = list();
        for (int i = kept; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i).path());
        }
    }

    private String name(long number) {
        return String.format("%s.%019d.snap", cache, number);
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            // Some file systems cannot sync a directory; the rename is still atomic.
            log.debug("Failover cache {}: could not fsync {}: {}", cache, directory, e.toString());
        }
    }
}
