package io.taidon.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One service running as a child JVM ({@code java -jar <module>.jar}) with its configuration in
 * {@code SPRING_APPLICATION_JSON} and its standard output and error in its log file. Its standard input is a pipe
 * the launcher holds open and never writes to: when the launcher dies, even by SIGKILL, the pipe closes and the
 * service shuts itself down gracefully ({@code taidon.platform.exit-when-stdin-closes}, see the platform's
 * {@code LauncherWatch}), so a crashed launcher leaves no service behind.
 */
final class ServiceProcess {

    private static final int LOG_TAIL_LINES = 25;


    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final SuiteService service;

    private final Process process;

    private final int port;

    private final Path log;

    private final String instance;

    private final long startedNanos = System.nanoTime();

    private volatile boolean stopping;

    private ServiceProcess(SuiteService service, Process process, int port, Path log, String instance) {
        this.service = service;
        this.process = process;
        this.port = port;
        this.log = log;
        this.instance = instance;
        // the write end of the service's stdin stays open (held by this.process) until the service has exited
        process.onExit().thenRun(() -> closeQuietly(process.getOutputStream()));
    }

    /**
     * @param service the service
     * @param command the full command line
     * @param configuration Spring properties, passed as {@code SPRING_APPLICATION_JSON}
     * @param port the service's HTTP port
     * @param log its log file
     * @param appendLog true to append to the log (a restart keeps what the crashed process wrote), false to replace
     *        it
     * @return the started process
     * @throws LaunchException when the process cannot be started
     */
    static ServiceProcess start(SuiteService service, List<String> command, Map<String, String> configuration,
            int port, Path log, boolean appendLog) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                    : ProcessBuilder.Redirect.to(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
        // readiness is read from a health group named by a nonce of this start, so it is never read from another
        // process that happens to listen on the same port (it would answer 404)
        String instance = "launch-" + Secrets.generate().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        Map<String, String> properties = new LinkedHashMap<>(configuration);
        properties.put("management.endpoint.health.group." + instance + ".include", "readinessState");
        properties.put("taidon.platform.exit-when-stdin-closes", "true");
        builder.environment().put("SPRING_APPLICATION_JSON", Json.object(properties));
        try {
            return new ServiceProcess(service, builder.start(), port, log, instance);
        }
        catch (IOException ex) {
            throw new LaunchException("cannot start " + service.serviceName() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Polls the readiness state (as {@code /actuator/health/readiness} reports it, through a health group named by
     * this start's nonce) until it answers 200 with status UP.
     *
     * @param timeout how long to wait
     * @throws LaunchException when the process exits or the deadline passes first; the message names the service
     *         and quotes the end of its log
     */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI readiness = URI.create(url() + "/actuator/health/" + this.instance);
        while (System.nanoTime() < deadline) {
            if (this.stopping) {
                throw new StoppedException();
            }
            if (!this.process.isAlive()) {
                throw new LaunchException(this.service.serviceName() + " exited with code " + this.process.exitValue()
                        + " while starting" + logTail());
            }
            if (isReady(readiness)) {
                return;
            }
            try {
                this.process.waitFor(250, TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while waiting for " + this.service.serviceName(), ex);
            }
        }
        throw new LaunchException(this.service.serviceName() + " did not become ready within " + timeout.toSeconds()
                + " s (" + readiness + ")" + logTail());
    }

    private static boolean isReady(URI readiness) {
        HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return a paragraph quoting the last lines of the log, for error messages */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                    lines.size()));
            StringBuilder text = new StringBuilder("\n--- last " + tail.size() + " lines of " + this.log + " ---\n");
            for (String line : tail) {
                text.append(line.length() > 600 ? line.substring(0, 600) + " …" : line).append('\n');
            }
            return text.append("---").toString();
        }
        catch (IOException | UncheckedIOException ex) {
            return " (its log " + this.log + " cannot be read: " + ex.getMessage() + ")";
        }
    }

    /**
     * Stops the service: SIGTERM (Spring's graceful shutdown), then SIGKILL after the grace period; then the same for
     * any process it started that is still alive.
     *
     * @param grace how long to wait after SIGTERM
     * @return true when it stopped within the grace period
     */
    boolean stop(Duration grace) {
        this.stopping = true;
        List<ProcessHandle> descendants = this.process.descendants().toList();
        boolean graceful = terminate(this.process.toHandle(), grace);
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                terminate(child, Duration.ofSeconds(5));
            }
        }
        return graceful;
    }

    private static boolean terminate(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }
        catch (TimeoutException | ExecutionException ex) {
            handle.destroyForcibly();
            handle.onExit().join();
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
            return false;
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        }
        catch (IOException ex) {
            // the pipe is gone with the process
        }
    }

    /** @return how long ago the process was started */
    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - this.startedNanos);
    }

    /** @return the exit code once the process has exited, else -1 */
    int exitCode() {
        return this.process.isAlive() ? -1 : this.process.exitValue();
    }

    /** @return the service */
    SuiteService service() {
        return this.service;
    }

    /** @return its base URL on loopback */
    String url() {
        return "http://127.0.0.1:" + this.port;
    }

    /** @return its process handle */
    ProcessHandle handle() {
        return this.process.toHandle();
    }

    /** @return its log file */
    Path log() {
        return this.log;
    }

    /** @return true after {@link #stop} was called */
    boolean isStopping() {
        return this.stopping;
    }
}
