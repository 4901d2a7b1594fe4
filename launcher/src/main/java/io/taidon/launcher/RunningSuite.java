package io.taidon.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.taidon.embedded.ControlPlane;
import io.taidon.embedded.ServiceDatabase;

/**
 * A started suite: the control plane, the embedded S3 store and one child process per service. {@link #close()}
 * stops the services in reverse start order, then S3 and PostgreSQL; it is idempotent and also runs from a
 * shutdown hook when {@link SuiteOptions#stopOnJvmExit()} is set.
 * <p>
 * Supervision: once a service has been ready, an exit nobody asked for (an out-of-memory exit, a SIGKILL) does not
 * stop the suite. The launcher restarts that service alone, with the same port, configuration and database role,
 * after the {@link RestartPolicy#DEFAULT} backoff (1 s, 2 s, 4 s … 30 s, reset once it has stayed up for a minute),
 * and prints one plain line per event: {@code taidon: <service> (pid <pid>) exited unexpectedly with code <code>;
 * restarting it in <delay> (crash <n> in a row; log <path>)}, then {@code taidon: <service> restarted on
 * 127.0.0.1:<port> in <seconds> (pid <pid>)}. A service that keeps crashing is given up on with a
 * {@code taidon: <service> keeps crashing} line quoting the end of its log; the other services keep running.
 */
public final class RunningSuite implements AutoCloseable {

    private final SuiteOptions options;

    private final DataDirectory home;

    private final Map<SuiteService, Integer> ports;

    private final Map<SuiteService, ServiceDatabase> databases = new EnumMap<>(SuiteService.class);

    private final Map<SuiteService, String> clientSecrets = new EnumMap<>(SuiteService.class);

    /** The current process of each service started so far; guarded by itself. */
    private final Map<SuiteService, ServiceProcess> processes = new EnumMap<>(SuiteService.class);

    private final Map<SuiteService, Map<String, String>> configurations = new ConcurrentHashMap<>();

    private final Map<SuiteService, Integer> crashesInARow = new ConcurrentHashMap<>();

    private final RestartPolicy restartPolicy = RestartPolicy.DEFAULT;

    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "taidon-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean closed = new AtomicBoolean();

    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private volatile @Nullable ControlPlane controlPlane;

    private volatile @Nullable EmbeddedS3 s3;

    private volatile @Nullable Thread shutdownHook;

    RunningSuite(SuiteOptions options, DataDirectory home, Map<SuiteService, Integer> ports) {
        this.options = options;
        this.home = home;
        this.ports = ports;
    }

    void stopOnJvmExit() {
        Thread hook = new Thread(this::close, "taidon-stop");
        this.shutdownHook = hook;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts everything and returns once the gateway is ready.
     *
     * @throws LaunchException when a part does not start (everything started so far is stopped again)
     * @throws StoppedException when {@link #close()} was called meanwhile
     */
    public void start() {
        try {
            startAll();
        }
        catch (RuntimeException | Error ex) {
            close();
            throw ex;
        }
    }

    private void startAll() {
        long suiteStart = System.nanoTime();
        progress("Starting Taidon (data directory " + this.home.home() + ")");

        long start = System.nanoTime();
        LeftoverPostgres.stop(this.home.postgres(), Duration.ofSeconds(60)).ifPresent(this::progress);
        ControlPlane started = ControlPlane.start(this.home.postgres(),
                this.options.randomPorts() ? 0 : this.options.postgresPort());
        this.controlPlane = started;
        for (SuiteService service : SuiteService.startOrder()) {
            this.databases.put(service, started.provision(service.schema(), Secrets.generate()));
            this.clientSecrets.put(service, Secrets.generate());
        }
        step("control-plane PostgreSQL", "127.0.0.1:" + started.port() + ", " + this.databases.size() + " roles",
                start);

        start = System.nanoTime();
        EmbeddedS3 store = EmbeddedS3.start(this.home.s3(), 0);
        this.s3 = store;
        step("embedded S3 store", store.endpoint().substring("http://".length()), start);

        Map<SuiteService, String> urls = new EnumMap<>(SuiteService.class);
        this.ports.forEach((service, port) -> urls.put(service, "http://127.0.0.1:" + port));
        for (SuiteService service : SuiteService.startOrder()) {
            this.configurations.put(service, Suite.configuration(service, this.databases.get(service),
                    this.ports.get(service), urls, this.clientSecrets, this.ports.get(SuiteService.GATEWAY),
                    this.home, store));
        }
        for (SuiteService service : SuiteService.startOrder()) {
            start = System.nanoTime();
            ServiceProcess process = launch(service, false);
            process.awaitReady(this.options.readinessTimeout());
            supervise(process);
            step(service.serviceName(), "127.0.0.1:" + this.ports.get(service), start);
        }
        progress("All " + SuiteService.values().length + " services ready in " + Suite.seconds(since(suiteStart)));
    }

    /**
     * Starts (or restarts) a service's process with its one configuration, unless the suite is closing. Under the
     * processes' lock, so that {@link #close()} either sees the new process or this sees the suite closed.
     */
    private ServiceProcess launch(SuiteService service, boolean restart) {
        synchronized (this.processes) {
            if (this.closed.get()) {
                throw new StoppedException();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(this.options.javaOptions());
            command.add("-jar");
            command.add(this.home.runnableJar(service, this.options.root()).toString());
            ServiceProcess process = ServiceProcess.start(service, command, this.configurations.get(service),
                    this.ports.get(service), this.home.log(service), restart);
            this.processes.put(service, process);
            return process;
        }
    }

    /** Restarts the service when this process exits without being asked to. */
    private void supervise(ServiceProcess process) {
        process.handle().onExit().thenRun(() -> {
            if (!process.isStopping()) {
                crashed(process, "exited unexpectedly with code " + process.exitCode());
            }
        });
    }

    /**
     * @param process the process that ended
     * @param what what happened, e.g. {@code exited unexpectedly with code 137}
     */
    private void crashed(ServiceProcess process, String what) {
        SuiteService service = process.service();
        synchronized (this.processes) {
            if (this.closed.get() || this.processes.get(service) != process) {
                return;
            }
        }
        int crashes = this.restartPolicy.crashesInARow(this.crashesInARow.getOrDefault(service, 0),
                process.uptime());
        this.crashesInARow.put(service, crashes);
        if (!this.restartPolicy.restarts(crashes)) {
            progress("taidon: " + service.serviceName() + " keeps crashing (" + crashes
                    + " times in a row; the last time it " + what + "); not restarting it again, the other services "
                    + "keep running. See " + process.log() + process.logTail());
            return;
        }
        Duration delay = this.restartPolicy.delay(crashes);
        progress("taidon: " + service.serviceName() + " (pid " + process.handle().pid() + ") " + what
                + "; restarting it in " + Suite.seconds(delay) + " (crash " + crashes + " in a row; log "
                + process.log() + ")");
        try {
            this.supervisor.schedule(() -> restart(service), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            // the suite is closing
        }
    }

    private void restart(SuiteService service) {
        long start = System.nanoTime();
        ServiceProcess process;
        try {
            process = launch(service, true);
        }
        catch (StoppedException ex) {
            return;
        }
        catch (RuntimeException ex) {
            progress("taidon: cannot restart " + service.serviceName() + ": " + ex.getMessage());
            return;
        }
        // an exit while it starts is a crash like any other
        supervise(process);
        try {
            process.awaitReady(this.options.readinessTimeout());
        }
        catch (StoppedException ex) {
            return;
        }
        catch (LaunchException ex) {
            if (process.handle().isAlive() && !this.closed.get()) {
                // alive but never ready: stop it and count it as a crash
                process.stop(service.stopGrace(this.options.stopGracePeriod()));
                crashed(process,
                        "did not become ready within " + this.options.readinessTimeout().toSeconds() + " s");
            }
            return;
        }
        progress("taidon: " + service.serviceName() + " restarted on 127.0.0.1:" + this.ports.get(service) + " in "
                + Suite.seconds(since(start)) + " (pid " + process.handle().pid() + ")");
    }

    private static void awaitExit(ProcessHandle process, Duration deadline) {
        try {
            process.onExit().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            // reported by whoever finds it still running
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void step(String what, String where, long startNanos) {
        progress(String.format("  %-26s %-28s %8s", what, where, Suite.seconds(since(startNanos))));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void progress(String line) {
        this.options.progress().println(line);
        this.options.progress().flush();
    }

    /** @return the gateway's base URL, {@code http://127.0.0.1:<port>} */
    public String gatewayUrl() {
        return serviceUrl(SuiteService.GATEWAY);
    }

    /**
     * @param service a service
     * @return its base URL on loopback (internal endpoints included; for tests and diagnostics)
     */
    public String serviceUrl(SuiteService service) {
        return "http://127.0.0.1:" + this.ports.get(service);
    }

    /** @return the gateway port */
    public int gatewayPort() {
        return this.ports.get(SuiteService.GATEWAY);
    }

    /**
     * @param service a service
     * @return the database role the service connects with (in memory only; the password changes at every start)
     */
    public ServiceDatabase database(SuiteService service) {
        ServiceDatabase database = this.databases.get(service);
        if (database == null) {
            throw new IllegalStateException("not provisioned: " + service);
        }
        return database;
    }

    /**
     * @param service a service
     * @return the client secret it uses for client credentials at idp-adapter (in memory only)
     */
    public String clientSecret(SuiteService service) {
        String secret = this.clientSecrets.get(service);
        if (secret == null) {
            throw new IllegalStateException("not provisioned: " + service);
        }
        return secret;
    }

    /** @return the control-plane JDBC URL */
    public String jdbcUrl() {
        ControlPlane started = this.controlPlane;
        if (started == null) {
            throw new IllegalStateException("the control plane is not running");
        }
        return started.jdbcUrl();
    }

    /** @return the data directory */
    public Path home() {
        return this.home.home();
    }

    /**
     * @param service a service
     * @return its log file
     */
    public Path log(SuiteService service) {
        return this.home.log(service);
    }

    /** @return the process handles of the services started so far (the current process of each), in start order */
    public List<ProcessHandle> serviceProcesses() {
        synchronized (this.processes) {
            return this.processes.values().stream().map(ServiceProcess::handle).toList();
        }
    }

    /**
     * @param service a service
     * @return the handle of its current process (after a restart, the new one)
     * @throws IllegalStateException when it has not been started
     */
    public ProcessHandle serviceProcess(SuiteService service) {
        synchronized (this.processes) {
            ServiceProcess process = this.processes.get(service);
            if (process == null) {
                throw new IllegalStateException("not started: " + service);
            }
            return process.handle();
        }
    }

    /**
     * Blocks until the suite has been closed (a service that exits is restarted, so only {@link #close()} ends it).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitClosed() throws InterruptedException {
        try {
            this.stopped.get();
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Stops every service (reverse start order), then the S3 store and PostgreSQL. Idempotent. */
    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        progress("Stopping Taidon ...");
        this.supervisor.shutdownNow();
        List<ServiceProcess> started;
        synchronized (this.processes) {
            started = new ArrayList<>(this.processes.values());
        }
        Collections.reverse(started);
        for (ServiceProcess process : started) {
            long stopStart = System.nanoTime();
            boolean graceful = process.stop(process.service().stopGrace(this.options.stopGracePeriod()));
            step(process.service().serviceName(), graceful ? "stopped" : "killed after grace period", stopStart);
        }
        EmbeddedS3 store = this.s3;
        if (store != null) {
            store.close();
        }
        ControlPlane postgres = this.controlPlane;
        if (postgres != null) {
            long stopStart = System.nanoTime();
            Optional<ProcessHandle> postmaster = LeftoverPostgres.find(this.home.postgres());
            postgres.close();
            // pg_ctl stop -w returns once the lock file is gone, a moment before the postmaster has exited
            postmaster.ifPresent(process -> awaitExit(process, Duration.ofSeconds(30)));
            step("control-plane PostgreSQL", "stopped", stopStart);
        }
        this.stopped.complete(null);
        progress("Taidon stopped in " + Suite.seconds(since(start)));
        Thread hook = this.shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (IllegalStateException ex) {
                // the JVM is already shutting down; the hook is this call's caller or will find the suite closed
            }
        }
    }
}
