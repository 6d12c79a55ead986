package io.glasscache.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs a Prometheus command-line tool (promtool, amtool) against files in a work directory: the binary from PATH,
 * or the tool inside its official image (the directory mounted at the same path) when Docker is available.
 */
class PrometheusToolRunner {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String tool;
    private final String image;
    private final Backend backend;

    PrometheusToolRunner(String tool, String image, String debianPackage) {
        this.tool = tool;
        this.image = image;
        this.backend = Backend.choose(tool, tool, image, debianPackage);
    }

    ToolResult run(Path workDir, String... args) {
        return backend == Backend.DOCKER ? runInContainer(workDir, args) : runBinary(workDir, args);
    }

    private ToolResult runBinary(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Backend.onPath(tool).orElseThrow().toString());
        command.addAll(List.of(args));
        return ToolResult.run(workDir, command, TIMEOUT);
    }

    @SuppressWarnings("resource")
    private ToolResult runInContainer(Path workDir, String... args) {
        String dir = workDir.toAbsolutePath().toString();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withFileSystemBind(dir, dir, BindMode.READ_WRITE)
                .withWorkingDirectory(dir)
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/" + tool))
                .withCommand(args)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(TIMEOUT));
        try {
            try {
                container.start();
            } catch (RuntimeException e) {
                // A non-zero exit fails the one-shot start check; the exit code and logs are still there.
            }
            Long exit = container.getCurrentContainerInfo() == null ? null
                    : container.getCurrentContainerInfo().getState().getExitCodeLong();
            return new ToolResult(exit == null ? -1 : exit.intValue(), container.getLogs());
        } finally {
            container.stop();
        }
    }
}
