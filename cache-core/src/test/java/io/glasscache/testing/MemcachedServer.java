package io.glasscache.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One real memcached on a loopback port, with the controls fault tests need: stop, kill -9, freeze (SIGSTOP),
 * resume (SIGCONT) and restart on the same port. Binary mode keeps the child's PID (memcached run with
 * {@code -u} cannot write a pid file); Docker mode pauses, kills and restarts the container on a fixed port.
 */
public final class MemcachedServer implements AutoCloseable {

    public static final String IMAGE = "memcached:1.6-alpine";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final MemcachedOptions options;
    private final Backend backend;
    private final int port;
    private final Path workDir;
    private ManagedProcess process;
    private GenericContainer<?> container;
    private boolean frozen;

    private MemcachedServer(MemcachedOptions options, Backend backend, int port, Path workDir) {
        this.options = options;
        this.backend = backend;
        this.port = port;
        this.workDir = workDir;
    }

    /** Starts a memcached on a free loopback port and waits until it answers {@code version}. */
    public static MemcachedServer start(MemcachedOptions options) {
        Backend backend = Backend.choose("memcached", "memcached", IMAGE, "memcached");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a picked port can be taken before we bind it
            MemcachedServer server;
            try {
                int port = options.port() != 0 ? options.port() : FreePort.pick(options.listenAddress());
                server = new MemcachedServer(options, backend, port,
                        Files.createTempDirectory("glasscache-memcached"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    private List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(
                "-l", options.listenAddress(), "-p", Integer.toString(port), "-U", "0",
                "-m", Integer.toString(options.memoryMb()), "-c", Integer.toString(options.maxConnections())));
        args.addAll(options.extraArgs());
        return args;
    }

    private void launch() {
        frozen = false;
        if (backend == Backend.DOCKER) {
            launchContainer();
        } else {
            List<String> command = new ArrayList<>();
            command.add(Backend.onPath("memcached").orElseThrow().toString());
            command.addAll(arguments());
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody")); // memcached refuses to run as root without -u
            }
            process = ManagedProcess.start("memcached:" + port, command, workDir.resolve("memcached.log"));
        }
        boolean up = FreePort.await(START_TIMEOUT, () -> {
            if (process != null && !process.isAlive()) {
                return true; // exited: reported below
            }
            try {
                return command("version").startsWith("VERSION");
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        if (!up || (process != null && !process.isAlive())) {
            throw new IllegalStateException("memcached did not start on port " + port
                    + (process != null ? ":\n" + process.logTail() : ""));
        }
    }

    @SuppressWarnings("resource")
    private void launchContainer() {
        if (container == null) {
            List<String> command = new ArrayList<>(List.of("memcached"));
            command.addAll(arguments().subList(4, arguments().size())); // the container listens on 11211
            container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withExposedPorts(11211)
                    .withCommand(command.toArray(String[]::new))
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                            new PortBinding(Ports.Binding.bindIpAndPort(options.listenAddress(), port),
                                    ExposedPort.tcp(11211))));
            container.start();
        } else {
            docker().startContainerCmd(container.getContainerId()).exec();
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    public String host() {
        return options.listenAddress();
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as memcached clients and {@code glasscache.memcached.servers} take it. */
    public String address() {
        return host().contains(":") ? "[" + host() + "]:" + port : host() + ":" + port;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host(), port);
    }

    public Backend backend() {
        return backend;
    }

    /** The server's PID in binary mode; -1 in Docker mode. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isRunning() {
        if (backend == Backend.DOCKER) {
            return container != null && Boolean.TRUE.equals(
                    docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning());
        }
        return process != null && process.isAlive();
    }

    public boolean isFrozen() {
        return frozen;
    }

    /** SIGSTOP: the port still accepts TCP connections (the kernel's backlog) but nothing answers. */
    public void freeze() {
        if (backend == Backend.DOCKER) {
            docker().pauseContainerCmd(container.getContainerId()).exec();
        } else {
            process.signal("STOP");
        }
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    public void resume() {
        if (backend == Backend.DOCKER) {
            docker().unpauseContainerCmd(container.getContainerId()).exec();
        } else {
            process.signal("CONT");
        }
        frozen = false;
    }

    /** kill -9: connections drop, the port refuses. */
    public void kill() {
        if (backend == Backend.DOCKER) {
            if (frozen) {
                resume();
            }
            docker().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
        } else if (process != null) {
            process.kill();
        }
        frozen = false;
    }

    /** Graceful stop (SIGTERM, then SIGKILL after 5 s). */
    public void stop() {
        if (backend == Backend.DOCKER) {
            if (container != null && isRunning()) {
                if (frozen) {
                    resume();
                }
                docker().stopContainerCmd(container.getContainerId()).withTimeout(5).exec();
            }
        } else if (process != null) {
            process.stop(Duration.ofSeconds(5));
        }
        frozen = false;
    }

    /** Stops the server if it runs, then starts a fresh, empty one on the same port. */
    public void restart() {
        if (isRunning()) {
            kill();
        }
        launch();
    }

    /**
     * Sends one text-protocol command and returns the response up to its terminator ({@code END},
     * {@code STORED}, {@code VERSION ...}, errors...). For stats commands and raw writes in tests.
     */
    public String command(String line) {
        return exchange((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Stores raw bytes under {@code key}, bypassing any client-side codec: for corrupt-payload tests. */
    public String rawSet(String key, byte[] value, int flags, int ttlSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("set " + key + " " + flags + " " + ttlSeconds + " " + value.length + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return exchange(out.toByteArray());
    }

    /** Stores a UTF-8 string with no flags and no expiry. */
    public String rawSet(String key, String value) {
        return rawSet(key, value.getBytes(StandardCharsets.UTF_8), 0, 0);
    }

    private String exchange(byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(socketAddress(), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!complete(response.toString(StandardCharsets.UTF_8))) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                response.write(buf, 0, n);
            }
            return response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("memcached at " + address() + " did not answer", e);
        }
    }

    private static boolean complete(String response) {
        if (!response.endsWith("\r\n")) {
            return false;
        }
        String body = response.substring(0, response.length() - 2);
        String last = body.substring(body.lastIndexOf("\r\n") + 1).trim();
        return last.equals("END") || last.equals("STORED") || last.equals("NOT_STORED")
                || last.equals("DELETED") || last.equals("NOT_FOUND") || last.equals("OK")
                || last.equals("EXISTS") || last.equals("RESET") || last.startsWith("VERSION")
                || last.equals("ERROR") || last.startsWith("CLIENT_ERROR") || last.startsWith("SERVER_ERROR");
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (container != null) {
                container.stop();
                container = null;
            }
        }
    }
}
