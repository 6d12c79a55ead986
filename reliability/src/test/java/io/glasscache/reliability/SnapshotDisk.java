package io.glasscache.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The disk under the demo's snapshot directory, made full or read-only on demand. As root, {@code chmod} stops
 * nothing, so where the machine allows mounts the directory is a small tmpfs of its own: a ballast file fills it
 * (ENOSPC) and {@code mount -o remount,ro} makes it read-only (EROFS), as a real full or read-only volume. Where no
 * mount is permitted the fault is injected instead: the directory is moved aside and a plain file takes its path
 * (ENOTDIR), for both faults. {@link #method()} says which ran.
 */
final class SnapshotDisk implements AutoCloseable {

    enum Method {
        TMPFS("a 32 MiB tmpfs mounted on the snapshot directory: full = a ballast file fills it (ENOSPC), read-only = "
                + "mount -o remount,ro (EROFS)"),
        NOT_A_DIRECTORY("injected (no mount permitted): the snapshot directory moved aside and a plain file put at "
                + "its path (ENOTDIR), for both faults");

        final String description;

        Method(String description) {
            this.description = description;
        }
    }

    static final long SIZE = 32L << 20;
    private static final Duration COMMAND = Duration.ofSeconds(20);

    private final Path dir;
    private final Method method;
    private final Path ballast;
    private final Path aside;

    private SnapshotDisk(Path dir, Method method) {
        this.dir = dir;
        this.method = method;
        this.ballast = dir.resolve("ballast.fill");
        this.aside = dir.resolveSibling(dir.getFileName() + ".aside");
    }

    /** Creates {@code dir} and, if this machine lets us, mounts a tmpfs on it (probed, not assumed). */
    static SnapshotDisk prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && Shell.run(COMMAND, "mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755",
                "glasscache-snapshots", dir.toString()).ok()) {
            SnapshotDisk disk = new SnapshotDisk(dir, Method.TMPFS);
            Runtime.getRuntime().addShutdownHook(new Thread(disk::unmountQuietly, "snapshot-disk-unmount"));
            return disk;
        }
        return new SnapshotDisk(dir, Method.NOT_A_DIRECTORY);
    }

    Method method() {
        return method;
    }

    /** Fills the disk: no byte more can be written. */
    void fill() throws IOException {
        if (method == Method.NOT_A_DIRECTORY) {
            swapForFile();
            return;
        }
        try (OutputStream out = Files.newOutputStream(ballast)) {
            byte[] chunk = new byte[1 << 20];
            long written = 0;
            try {
                while (written <= SIZE) { // bounded: the disk holds SIZE at most
                    out.write(chunk);
                    out.flush();
                    written += chunk.length;
                }
            } catch (IOException full) {
                // ENOSPC: what is left is less than a chunk; fill it page by page
            }
            byte[] page = new byte[4096];
            try {
                for (int i = 0; i < 256; i++) {
                    out.write(page);
                    out.flush();
                }
            } catch (IOException full) {
                // full to the page
            }
        } catch (IOException closing) {
            // the last flush on close may fail too: the disk is full either way
        }
    }

    void unfill() throws IOException {
        if (method == Method.NOT_A_DIRECTORY) {
            swapBack();
        } else {
            Files.deleteIfExists(ballast);
        }
    }

    void readOnly() {
        if (method == Method.NOT_A_DIRECTORY) {
            swapForFile();
        } else {
            mount("remount,ro");
        }
    }

    void writable() {
        if (method == Method.NOT_A_DIRECTORY) {
            swapBack();
        } else {
            mount("remount,rw");
        }
    }

    /**
     * The suite's own write of a new file in the directory, which must fail: returns the error (the proof that the
     * fault is in effect), and fails the test when the write went through.
     */
    String proveUnwritable() {
        Path probe = dir.resolve("probe-" + System.nanoTime() + ".snap.tmp");
        try {
            Files.write(probe, new byte[4096]);
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        try {
            Files.deleteIfExists(probe);
        } catch (IOException ignored) {
            // deleted below the failure anyway
        }
        throw new AssertionError("the snapshot directory " + dir + " still takes writes: the fault is not in effect");
    }

    /** The suite's own write goes through again. */
    void proveWritable() throws IOException {
        Path probe = dir.resolve("probe-" + System.nanoTime() + ".snap.tmp");
        Files.write(probe, new byte[4096]);
        Files.delete(probe);
    }

    private void mount(String options) {
        Shell.Result result = Shell.run(COMMAND, "mount", "-o", options, dir.toString());
        if (!result.ok()) {
            throw new IllegalStateException("mount -o " + options + " " + dir + ": " + result.output());
        }
    }

    private void swapForFile() {
        try {
            Files.move(dir, aside);
            Files.writeString(dir, "not a directory: the snapshot fault of the reliability suite\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void swapBack() {
        try {
            if (Files.isRegularFile(dir)) {
                Files.delete(dir);
                Files.move(aside, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (method == Method.TMPFS) {
            unmountQuietly();
        } else {
            swapBack();
        }
    }

    private void unmountQuietly() {
        if (Shell.run(COMMAND, "mountpoint", "-q", dir.toString()).ok()) {
            Shell.Result umount = Shell.run(COMMAND, "umount", dir.toString());
            if (!umount.ok()) { // busy: detach now, freed when the last user lets go
                Shell.run(COMMAND, "umount", "-l", dir.toString());
            }
        }
    }
}
