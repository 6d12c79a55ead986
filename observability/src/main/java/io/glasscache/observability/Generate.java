package io.glasscache.observability;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasscache.observability.lint.DashboardLinter;
import io.glasscache.observability.lint.Problem;
import io.glasscache.observability.mixin.GlassCacheMixin;
import io.glasscache.observability.mixin.MixinConfig;

/**
 * The generator: writes GlassCache's dashboards, rule files and their promtool tests for a configuration given on
 * the command line (see {@link #USAGE}), after linting every dashboard. {@code ./mvnw -q -pl observability -am
 * -Pgenerate process-classes} runs it with the defaults into {@code deploy/}.
 */
public final class Generate {

    static final String USAGE = """
            Usage: Generate [options]
              --out DIR                    write DIR/dashboards/*.json and DIR/rules/** (or give the two below)
              --dashboards-dir DIR         where the Grafana dashboards go
              --rules-dir DIR              where the Prometheus rule files go (their tests in DIR/tests)
              --prefix P                   cache-core's metric prefix                     [model_serving.feature_cache]
              --app-job REGEX              job of the applications using cache-core       [inference-demo]
              --memcached-job REGEX        job of the memcached exporter                  [memcached]
              --selector MATCHER           extra matcher for every selector, repeatable, e.g. 'cluster="eu-1"'
              --memcached-server-label L   exporter label naming the memcached server      [instance]
              --l2-breaker NAME            name of the L2 circuit breaker                  [memcached]
              --runbook-url-pattern P      runbook_url of each alert, %%s = alert name     [docs/runbooks/%%s.md]
              --threshold NAME=VALUE       an alert threshold, repeatable; names: %s
              --demo NAME=VALUE            a demo name, repeatable (lists comma-separated); names: %s
              --time-scale N               TEST ONLY: divide every for, window and the evaluation interval by N
              --check                      write nothing; exit 1 and show the diff if a file differs
              --help
            """.formatted(MixinConfig.Thresholds.names(), java.util.Arrays.stream(
            MixinConfig.Demo.class.getRecordComponents()).map(c -> c.getName()).toList());

    private Generate() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("generate: " + e.getMessage());
            System.err.print(USAGE);
            status = 2;
        } catch (IOException e) {
            System.err.println("generate: " + e.getMessage());
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the generator; returns the exit status. */
    static int run(String[] args, PrintStream out) throws IOException {
        MixinConfig config = MixinConfig.defaults();
        Path dashboards = null;
        Path rules = null;
        boolean check = false;
        List<String> selectors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (flag.equals("--check")) {
                check = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--out" -> {
                    dashboards = Path.of(value, "dashboards");
                    rules = Path.of(value, "rules");
                }
                case "--dashboards-dir" -> dashboards = Path.of(value).normalize();
                case "--rules-dir" -> rules = Path.of(value).normalize();
                case "--prefix" -> config = config.withPrefix(value);
                case "--app-job" -> config = config.withJobs(value, config.memcachedJob());
                case "--memcached-job" -> config = config.withJobs(config.appJob(), value);
                case "--selector" -> selectors.add(value);
                case "--memcached-server-label" -> config = config.withMemcachedServerLabel(value);
                case "--l2-breaker" -> config = config.withL2BreakerName(value);
                case "--runbook-url-pattern" -> config = config.withRunbookUrlPattern(value);
                case "--threshold" -> config = config.withThresholds(config.thresholds().with(key(flag, value),
                        value.substring(value.indexOf('=') + 1)));
                case "--demo" -> config = config.withDemo(config.demo().with(key(flag, value),
                        value.substring(value.indexOf('=') + 1)));
                case "--time-scale" -> config = config.withTimeScale(integer(flag, value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (!selectors.isEmpty()) {
            config = config.withSelectors(selectors);
        }
        if (dashboards == null || rules == null) {
            throw new IllegalArgumentException("give --out, or both --dashboards-dir and --rules-dir");
        }
        Map<Path, String> files = render(new GlassCacheMixin(config), dashboards, rules);
        if (check) {
            boolean stale = false;
            for (Map.Entry<Path, String> file : files.entrySet()) {
                String current = Files.exists(file.getKey()) ? Files.readString(file.getKey()) : "";
                String diff = Diff.of(current, file.getValue());
                if (!diff.isEmpty()) {
                    stale = true;
                    out.println("stale: " + file.getKey() + "\n" + diff);
                }
            }
            return stale ? 1 : 0;
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.writeString(file.getKey(), file.getValue());
            out.println("wrote " + file.getKey());
        }
        return 0;
    }

    /**
     * The files of {@code mixin} under the two directories; fails if a dashboard does not pass the linter.
     */
    static Map<Path, String> render(GlassCacheMixin mixin, Path dashboards, Path rules) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, String> file : mixin.files().entrySet()) {
            String name = file.getKey();
            if (name.startsWith(GlassCacheMixin.DASHBOARDS)) {
                List<Problem> problems = DashboardLinter.lint(json.readTree(file.getValue()));
                if (!problems.isEmpty()) {
                    throw new IllegalArgumentException("dashboard " + name + " fails the linter:\n  "
                            + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
                }
                files.put(dashboards.resolve(name.substring(GlassCacheMixin.DASHBOARDS.length())), file.getValue());
            } else {
                files.put(rules.resolve(name.substring(GlassCacheMixin.RULES.length())), file.getValue());
            }
        }
        return files;
    }

    private static String key(String flag, String value) {
        int eq = value.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException(flag + " takes NAME=VALUE, got: " + value);
        }
        return value.substring(0, eq);
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got: " + value);
        }
    }
}
