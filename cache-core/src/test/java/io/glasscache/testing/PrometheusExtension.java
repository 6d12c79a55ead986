package io.glasscache.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that hands a test a real Prometheus server. The configuration is a supplier, evaluated when
 * the server starts, so it can name targets that other extensions (registered before this one) started.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PrometheusExtension prometheus = PrometheusExtension.builder()
 *         .config(() -> "scrape_configs: [...]").ruleFile(Path.of("alerts.yml")).build();
 * }</pre>
 */
public final class PrometheusExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final Supplier<String> config;
    private final List<Path> ruleFiles;
    private final Supplier<int[]> hostPorts;
    private PrometheusServer server;
    private boolean perClass;

    private PrometheusExtension(Builder builder) {
        this.config = Objects.requireNonNull(builder.config, "config");
        this.ruleFiles = List.copyOf(builder.ruleFiles);
        this.hostPorts = builder.hostPorts;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PrometheusServer server() {
        if (server == null) {
            throw new IllegalStateException("Prometheus is not started: register the extension with @RegisterExtension");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        server = PrometheusServer.start(config.get(), ruleFiles, hostPorts.get());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            server = PrometheusServer.start(config.get(), ruleFiles, hostPorts.get());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public static final class Builder {
        private Supplier<String> config;
        private final List<Path> ruleFiles = new ArrayList<>();
        private Supplier<int[]> hostPorts = () -> new int[0];

        public Builder config(Supplier<String> config) {
            this.config = config;
            return this;
        }

        public Builder config(String config) {
            return config(() -> config);
        }

        public Builder ruleFile(Path ruleFile) {
            ruleFiles.add(ruleFile);
            return this;
        }

        /** Loopback ports of scrape targets, exposed to the container in Docker mode. */
        public Builder hostPorts(Supplier<int[]> ports) {
            this.hostPorts = ports;
            return this;
        }

        public PrometheusExtension build() {
            return new PrometheusExtension(this);
        }
    }
}
