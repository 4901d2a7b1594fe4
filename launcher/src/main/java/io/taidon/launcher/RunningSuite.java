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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.taidon.embedded.ControlPlane;
import io.taidon.embedded.ServiceDatabase;

/**
 * A started suite: the control plane, the embedded S3 store and one child process per service. {@link #close()}
 * stops the services in reverse start order, then S3 and PostgreSQL; it is idempotent and also runs from a
 * shutdown hook when {@link SuiteOptions#stopOnJvmExit()} is set.
 */
public final class RunningSuite implements AutoCloseable {

    private final SuiteOptions options;

    private final DataDirectory home;

    private final Map<SuiteService, Integer> ports;

    private final Map<SuiteService, ServiceDatabase> databases = new EnumMap<>(SuiteService.class);

    private final Map<SuiteService, String> clientSecrets = new EnumMap<>(SuiteService.class);

    private final List<ServiceProcess> processes = Collections.synchronizedList(new ArrayList<>());

    private final AtomicBoolean closed = new AtomicBoolean();

    private final CompletableFuture<Optional<ServiceProcess>> unexpectedExit = new CompletableFuture<>();

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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (SuiteService service : SuiteService.startOrder()) {
            if (this.closed.get()) {
                throw new StoppedException();
            }
            start = System.nanoTime();
            int port = this.ports.get(service);
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(this.options.javaOptions());
            command.add("-jar");
            command.add(this.home.runnableJar(service, this.options.root()).toString());
            ServiceProcess process = ServiceProcess.start(service, command,
                    Suite.configuration(service, this.databases.get(service), port, urls, this.clientSecrets,
                            this.ports.get(SuiteService.GATEWAY), this.home, store),
                    port, this.home.log(service));
            this.processes.add(process);
            if (this.closed.get()) {
                // close() took its list of processes before this one was added
                process.stop(this.options.stopGracePeriod());
                throw new StoppedException();
            }
            process.handle().onExit().thenRun(() -> {
                if (!process.isStopping() && !this.closed.get()) {
                    this.unexpectedExit.complete(Optional.of(process));
                }
            });
            process.awaitReady(this.options.readinessTimeout());
            step(service.serviceName(), "127.0.0.1:" + port, start);
        }
        progress("All " + this.processes.size() + " services ready in " + Suite.seconds(since(suiteStart)));
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

    /** @return the process handles of the services started so far, in start order */
    public List<ProcessHandle> serviceProcesses() {
        synchronized (this.processes) {
            return this.processes.stream().map(ServiceProcess::handle).toList();
        }
    }

    /**
     * Blocks until a service exits without being asked to, or the suite is closed.
     *
     * @return a description of the service that exited with the end of its log, or empty when the suite was closed
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Optional<String> awaitUnexpectedExit() throws InterruptedException {
        try {
            return this.unexpectedExit.get()
                .map(process -> process.service().serviceName() + " exited with code " + process.exitCode()
                        + process.logTail());
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
        List<ServiceProcess> started;
        synchronized (this.processes) {
            started = new ArrayList<>(this.processes);
        }
        Collections.reverse(started);
        for (ServiceProcess process : started) {
            long stopStart = System.nanoTime();
            boolean graceful = process.stop(this.options.stopGracePeriod());
            step(process.service().serviceName(), graceful ? "stopped" : "killed after grace period", stopStart);
        }
        EmbeddedS3 store = this.s3;
        if (store != null) {
            store.close();
        }
        ControlPlane postgres = this.controlPlane;
        if (postgres != null) {
            long stopStart = System.nanoTime();
            postgres.close();
            step("control-plane PostgreSQL", "stopped", stopStart);
        }
        this.unexpectedExit.complete(Optional.empty());
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
