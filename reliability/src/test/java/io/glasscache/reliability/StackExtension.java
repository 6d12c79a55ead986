package io.glasscache.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one local stack of a test run: started by the first test class that asks for it, on free ports and a
 * temporary run directory (its snapshot directory on a disk the suite can fill, {@link SnapshotDisk}), and stopped
 * when the whole run ends, checking that none of its processes is left; logs are kept in target/reliability.
 * A JVM that dies early still stops it (shutdown hook).
 */
final class StackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Stack.class || type == SnapshotDisk.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getRoot().getStore(ExtensionContext.Namespace.create(StackExtension.class))
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        return parameter.getParameter().getType() == Stack.class ? running.stack : running.disk;
    }

    /** The stack while the run lasts; closing it stops everything and cleans up. */
    static final class Running implements ExtensionContext.Store.CloseableResource {
        final Stack stack;
        final SnapshotDisk disk;
        private final Thread hook;
        private boolean closed;

        private Running(Stack stack, SnapshotDisk disk) {
            this.stack = stack;
            this.disk = disk;
            this.hook = new Thread(this::stopQuietly, "reliability-stack-down");
        }

        static Running start() {
            try {
                Path runDir = Files.createTempDirectory("glasscache-reliability-");
                SnapshotDisk disk = SnapshotDisk.prepare(runDir.resolve("failover"));
                Running running = new Running(new Stack(runDir), disk);
                Runtime.getRuntime().addShutdownHook(running.hook);
                running.stack.up();
                return running;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            List<Long> pids = new ArrayList<>(stack.pids().values());
            Shell.Result down = stack.down();
            keepLogs();
            disk.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            if (!down.ok()) {
                throw new IllegalStateException("stack.sh down failed:\n" + down.output());
            }
            // nothing of the stack is left: none of its processes, nothing started in its run directory
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pids.stream().noneMatch(Proc::alive));
            List<String> left = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                    .filter(cmd -> cmd.contains(stack.runDir.toString())).toList();
            deleteRunDir();
            if (!left.isEmpty()) {
                throw new IllegalStateException("processes of the stack outlived stack.sh down: " + left);
            }
        }

        private synchronized void stopQuietly() {
            if (!closed) {
                closed = true;
                stack.down();
                disk.close();
            }
        }

        private void keepLogs() {
            Path target = Results.dir().resolve("stack-logs");
            try (Stream<Path> logs = Files.list(stack.runDir.resolve("logs"))) {
                Files.createDirectories(target);
                for (Path log : logs.toList()) {
                    Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                System.err.println("reliability: could not keep the stack's logs: " + e);
            }
        }

        private void deleteRunDir() {
            try (Stream<Path> files = Files.walk(stack.runDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove the run directory " + stack.runDir, e);
            }
        }
    }
}
