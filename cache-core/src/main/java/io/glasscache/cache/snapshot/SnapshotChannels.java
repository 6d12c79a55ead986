package io.glasscache.cache.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens the temporary file a snapshot is written to; a seam for tests that make writes fail (a full disk). */
public interface SnapshotChannels {

    /** Plain files. */
    SnapshotChannels FILES = path -> {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Sink() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                return channel.write(src);
            }

            @Override
            public void sync() throws IOException {
                channel.force(true);
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    };

    /** Creates {@code path} (it must not exist) for writing. */
    Sink create(Path path) throws IOException;

    /** A snapshot file being written. */
    interface Sink extends WritableByteChannel {
        /** Forces everything written so far to the device (fsync). */
        void sync() throws IOException;
    }
}
