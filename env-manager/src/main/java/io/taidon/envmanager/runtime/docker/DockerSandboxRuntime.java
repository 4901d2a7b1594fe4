package io.taidon.envmanager.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.taidon.envmanager.runtime.SandboxConnections;
import io.taidon.envmanager.runtime.SandboxDirectories;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;

/**
 * The {@code docker} runtime: one container per sandbox from the sandbox image ({@link DockerProperties#image()},
 * contract in {@code deploy/images/sandbox/README.md}). Each sandbox is:
 * <ul>
 * <li>container {@code taidon-<sandboxId>}, labelled {@value #LABEL_MANAGED}{@code =true},
 * {@value #LABEL_SANDBOX}, {@value #LABEL_USER} and {@value #LABEL_DATA_DIR} (what {@link #listManaged()} and
 * {@link #inspect} filter on); memory (no extra swap) and nano-CPU limits from the owner's quotas
 * ({@link SandboxSpec#resources()}, else {@link DockerProperties#memory()} and {@link DockerProperties#cpus()}),
 * the pids limit {@link DockerProperties#pidsLimit()}; read-only root filesystem with tmpfs only on
 * {@code /var/run/postgresql} and {@code /tmp}; every capability dropped (PostgreSQL runs as the image's
 * unprivileged {@code postgres} user and needs none); {@code no-new-privileges}; stop signal {@code SIGINT}
 * (PostgreSQL's fast shutdown); port 5432 published on 127.0.0.1 only, on a random host port;</li>
 * <li>{@code PGDATA} bind-mounted from {@code <dataDir>/<sandboxId>/pgdata} on env-manager's host (mode 0700, owned by
 * the image's {@code postgres} user), so that env-manager reads and writes data files directly
 * ({@link #dataDirectory}, as in the {@code process} runtime) or as tar streams through the engine
 * ({@link #openDataArchive}, {@link #writeDataArchive}); files env-manager wrote are handed back to the image's
 * user before every start (env-manager must run as root, or as that user's uid, for this runtime);</li>
 * <li>attached to the bridge network {@link DockerProperties#network()}, which this runtime creates with IP
 * masquerading and inter-container traffic off: no egress and no path to other sandboxes, yet the published port
 * answers on the host's loopback.</li>
 * </ul>
 * The cluster is initialised by the image's entrypoint on the first start (so a sandbox restored from snapshot
 * files is never initialised); the superuser password is given to the container's environment for that.
 * <p>
 * Crash safety: the data directory is created before the container and removed after it, so whatever a crash of
 * env-manager leaves (a directory without container, a container without directory, a password-reset container)
 * is listed by {@link #listManaged()} and removed by {@link #remove(String)}.
 */
public final class DockerSandboxRuntime implements SandboxRuntime {

    /** Name of this runtime. */
    public static final String NAME = "docker";

    /** Label on every container, volume and network this runtime creates. */
    public static final String LABEL_MANAGED = SandboxLabels.MANAGED;

    /** Label holding the sandbox's id. */
    public static final String LABEL_SANDBOX = SandboxLabels.SANDBOX;

    /** Label holding the owner's user id. */
    public static final String LABEL_USER = SandboxLabels.USER;

    /**
     * Label holding the sandboxes directory of the env-manager that created the container: {@link #listManaged()}
     * returns only its own runtime's containers, so that two env-managers (or two test runs) sharing one engine
     * never take each other's sandboxes for orphans.
     */
    public static final String LABEL_DATA_DIR = "io.taidon.data-dir";

    /** Label on the short-lived password-reset container, holding the sandbox's id. */
    public static final String LABEL_PASSWORD_OF = "io.taidon.password-of";

    /** Where {@code PGDATA} is inside the container. */
    public static final String PGDATA = "/var/lib/postgresql/data";

    private static final Logger log = LoggerFactory.getLogger(DockerSandboxRuntime.class);

    private static final Pattern SANDBOX_ID = SandboxLabels.SANDBOX_ID;

    private static final String HOST = "127.0.0.1";

    private static final ExposedPort POSTGRES_PORT = ExposedPort.tcp(5432);

    private static final Duration READY_POLL = Duration.ofMillis(20);

    private final DockerClient docker;

    private final DockerProperties properties;

    private final Duration startTimeout;

    private final boolean fsync;

    private final ImageProbe.ImageFacts image;

    private final SandboxDirectories directories;

    private final DockerContainers containers;

    private final SandboxNetwork network;

    private final PgdataArchives archives;

    private final SuperuserPasswordReset passwordReset;

    /**
     * Checks the image (engine version, {@code postgres} user's ids) and creates the sandbox network when missing.
     *
     * @param docker a client of the engine
     * @param properties image, network and limits
     * @param dataDir directory holding one sub-directory per sandbox (created with mode 0700)
     * @param startTimeout how long a sandbox may take to accept connections
     * @param fsync whether servers fsync (see {@code taidon.env-manager.fsync})
     * @throws SandboxRuntimeException when the engine does not answer or has no such image
     */
    public DockerSandboxRuntime(DockerClient docker, DockerProperties properties, Path dataDir,
            Duration startTimeout, boolean fsync) {
        this.docker = docker;
        this.properties = properties;
        this.startTimeout = startTimeout;
        this.fsync = fsync;
        String reason = DockerEngine.unavailableReason(docker, properties.image());
        if (reason != null) {
            throw new SandboxRuntimeException(reason);
        }
        this.containers = new DockerContainers(docker, properties.responseTimeout());
        this.image = ImageProbe.probe(this.containers, properties.image());
        this.directories = new SandboxDirectories(dataDir);
        this.network = new SandboxNetwork(docker, properties.network());
        this.network.ensure();
        this.archives = new PgdataArchives(this.containers);
        this.passwordReset = new SuperuserPasswordReset(this.containers, properties, dataDir().toString());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String engineVersion() {
        return this.image.version();
    }

    /** @return the network sandboxes join */
    public String network() {
        return this.network.name();
    }

    /**
     * @return the sandbox network as the engine reports it (options included), if it exists
     */
    public Optional<Network> findNetwork() {
        return this.network.find();
    }

    @Override
    public SandboxInstance create(SandboxSpec spec) {
        return createContainer(spec);
    }

    /**
     * Creates a new, stopped instance whose PGDATA is an empty directory (mode 0700), to be filled from a snapshot
     * through {@link #dataDirectory(SandboxInstance)}; its first start finds a cluster and does not initialise one.
     *
     * @param spec what to create
     * @return a handle to the new instance
     * @throws SandboxRuntimeException when the instance cannot be created (nothing is left behind)
     */
    @Override
    public SandboxInstance createForRestore(SandboxSpec spec) {
        return createContainer(spec);
    }

    /**
     * @param instance an instance of this runtime
     * @return its PGDATA on env-manager's filesystem ({@code <dataDir>/<sandboxId>/pgdata}), bind-mounted into the
     *         container; read it while the instance is stopped
     */
    @Override
    public Path dataDirectory(SandboxInstance instance) {
        return pgdata(instance.sandboxId());
    }

    /**
     * Sets the superuser's password of a stopped instance without logging in (a restored cluster carries another
     * sandbox's password): a one-off container of the image runs {@code postgres --single} on the same PGDATA,
     * without network, read-only, with every capability dropped, {@code no-new-privileges} and the default memory
     * and pids limits; it is labelled {@value #LABEL_PASSWORD_OF} and removed before this method returns (or by
     * {@link #remove(String)} after a crash).
     *
     * @param instance a stopped instance
     * @param password the new password
     * @throws SandboxRuntimeException when it cannot be set
     */
    @Override
    public void setSuperuserPassword(SandboxInstance instance, String password) {
        Path pgdata = pgdata(instance.sandboxId());
        this.image.handBack(pgdata);
        this.passwordReset.run(instance.sandboxId(), pgdataMount(pgdata), tmpfs(), password);
    }

    private SandboxInstance createContainer(SandboxSpec spec) {
        String name = resourceName(spec.sandboxId());
        Map<String, String> labels = labels(spec.sandboxId(), spec.userId());
        Path pgdata = pgdata(spec.sandboxId());
        if (Files.exists(pgdata.getParent(), LinkOption.NOFOLLOW_LINKS)
                || this.containers.find(spec.sandboxId()).isPresent()) {
            throw new SandboxRuntimeException("sandbox " + spec.sandboxId() + " exists already");
        }
        try {
            SandboxDirectories.createPrivate(pgdata.getParent());
            SandboxDirectories.createPrivate(pgdata);
            this.image.handBack(pgdata);
            SandboxSpec.Resources resources = spec.resources() != null ? spec.resources()
                    : new SandboxSpec.Resources(this.properties.cpus(), this.properties.memory().toBytes());
            HostConfig host = HostConfig.newHostConfig()
                .withMemory(resources.memoryBytes())
                .withMemorySwap(resources.memoryBytes())
                .withNanoCPUs(Math.round(resources.cpus() * 1_000_000_000L))
                .withPidsLimit(this.properties.pidsLimit())
                .withReadonlyRootfs(true)
                .withTmpFs(tmpfs())
                .withMounts(List.of(pgdataMount(pgdata)))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges:true"))
                .withNetworkMode(this.properties.network())
                .withPortBindings(new PortBinding(Ports.Binding.bindIp(HOST), POSTGRES_PORT));
            List<String> serverArgs = new ArrayList<>();
            if (!this.fsync) {
                serverArgs.addAll(List.of("-c", "fsync=off", "-c", "full_page_writes=off"));
            }
            CreateContainerResponse created = this.docker.createContainerCmd(this.properties.image())
                .withName(name)
                .withHostName("sandbox")
                .withLabels(labels)
                .withEnv("PGDATA=" + PGDATA, "TAIDON_SUPERUSER_PASSWORD=" + spec.superuserPassword())
                .withStopSignal("SIGINT")
                .withExposedPorts(POSTGRES_PORT)
                .withCmd(serverArgs)
                .withHostConfig(host)
                .exec();
            return new SandboxInstance(spec.sandboxId(), spec.userId(), NAME, created.getId(),
                    SandboxInstance.State.STOPPED, null, 0);
        }
        catch (IOException | RuntimeException ex) {
            try {
                remove(spec.sandboxId());
            }
            catch (RuntimeException cleanup) {
                ex.addSuppressed(cleanup);
            }
            throw new SandboxRuntimeException("cannot create sandbox " + spec.sandboxId(), ex);
        }
    }

    private Map<String, String> tmpfs() {
        String options = "rw,noexec,nosuid,nodev,size=" + this.properties.tmpfsSize().toBytes();
        return Map.of("/var/run/postgresql",
                options + ",mode=0755,uid=" + this.image.uid() + ",gid=" + this.image.gid(), "/tmp",
                options + ",mode=1777");
    }

    private static Mount pgdataMount(Path pgdata) {
        return new Mount().withType(MountType.BIND).withSource(pgdata.toString()).withTarget(PGDATA);
    }

    @Override
    public SandboxInstance start(SandboxInstance instance, String superuserPassword) {
        Container container = this.containers.require(instance.sandboxId());
        if (!"running".equals(container.getState())) {
            this.image.handBack(pgdata(instance.sandboxId()));
        }
        try {
            this.docker.startContainerCmd(container.getId()).exec();
        }
        catch (NotModifiedException ex) {
            // already running
        }
        return SandboxConnections.awaitLogin(() -> {
            InspectContainerResponse state = this.docker.inspectContainerCmd(container.getId()).exec();
            if (!Boolean.TRUE.equals(state.getState().getRunning())) {
                throw new SandboxRuntimeException("sandbox " + instance.sandboxId() + " exited with "
                        + state.getState().getExitCodeLong() + ": " + this.containers.logTail(container.getId()));
            }
            int port = publishedPort(state);
            return port > 0 ? instance.with(SandboxInstance.State.RUNNING, HOST, port) : null;
        }, superuserPassword, SandboxConnections.SUPERUSER_LOGIN, this.startTimeout, READY_POLL,
                () -> "sandbox " + instance.sandboxId() + " did not accept connections in " + this.startTimeout + ": "
                        + this.containers.logTail(container.getId()));
    }

    @Override
    public void stop(SandboxInstance instance) {
        Optional<Container> container = this.containers.find(instance.sandboxId());
        if (container.isEmpty()) {
            return;
        }
        try {
            this.docker.stopContainerCmd(container.get().getId()).withTimeout(60).exec();
        }
        catch (NotModifiedException | NotFoundException ex) {
            // already stopped or gone
        }
    }

    @Override
    public void remove(String sandboxId) {
        String name = resourceName(sandboxId);
        for (String label : List.of(LABEL_SANDBOX, LABEL_PASSWORD_OF)) {
            for (Container container : this.docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(label, sandboxId))
                .exec()) {
                this.containers.remove(container.getId());
            }
        }
        this.containers.remove(name);
        this.directories.delete(sandboxId);
    }

    @Override
    public Optional<SandboxInstance> inspect(String sandboxId) {
        checkId(sandboxId);
        return this.containers.find(sandboxId).map(DockerSandboxRuntime::toInstance);
    }

    @Override
    public Connection adminConnection(SandboxInstance instance, String superuserPassword, String database) {
        return SandboxConnections.admin(instance, superuserPassword, database);
    }

    /**
     * Every sandbox this runtime holds something of: containers labelled with this runtime's data directory
     * ({@value #LABEL_DATA_DIR}), password-reset containers left by a crash (as a stopped instance of their
     * sandbox), and sandbox directories under the data directory without any container (a crash between creating
     * the directory and the container, or during a removal); the latter are stopped instances whose handle is the
     * directory's path. Reconciliation removes those without a record through {@link #remove(String)}.
     *
     * @return one instance per sandbox id, running or not
     */
    @Override
    public List<SandboxInstance> listManaged() {
        Map<String, SandboxInstance> instances = new LinkedHashMap<>();
        for (Container container : this.docker.listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(LABEL_DATA_DIR, dataDir().toString()))
            .exec()) {
            Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
            if ("true".equals(labels.get(LABEL_MANAGED)) && labels.containsKey(LABEL_SANDBOX)
                    && SANDBOX_ID.matcher(labels.get(LABEL_SANDBOX)).matches()) {
                instances.put(labels.get(LABEL_SANDBOX), toInstance(container));
            }
            else if (labels.containsKey(LABEL_PASSWORD_OF) && SANDBOX_ID.matcher(labels.get(LABEL_PASSWORD_OF)).matches()) {
                instances.putIfAbsent(labels.get(LABEL_PASSWORD_OF), new SandboxInstance(labels.get(LABEL_PASSWORD_OF),
                        "", NAME, container.getId(), SandboxInstance.State.STOPPED, null, 0));
            }
        }
        for (String sandboxId : directories()) {
            instances.putIfAbsent(sandboxId, new SandboxInstance(sandboxId, "", NAME,
                    this.directories.sandbox(sandboxId).toString(), SandboxInstance.State.STOPPED, null, 0));
        }
        return List.copyOf(instances.values());
    }

    /**
     * @return the ids of every sandbox directory of this runtime under the data directory, with or without a
     *         container (for reconciliation of a directory whose container is gone); directories of the
     *         {@code process} runtime (they hold {@code sandbox.properties}) are not listed
     */
    public List<String> directories() {
        // a process-runtime sandbox in the same directory (switched runtime) is not this runtime's to remove
        return this.directories.ids(path -> !Files.exists(path.resolve("sandbox.properties"), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public long sizeBytes(SandboxInstance instance) {
        return SandboxDirectories.sizeBytes(pgdata(instance.sandboxId()));
    }

    /**
     * Reads the sandbox's data directory, running or stopped (stop it first for a consistent copy).
     *
     * @param sandboxId the sandbox
     * @return a tar stream (Docker's archive format) whose entries are under {@code data/}: {@code data/PG_VERSION},
     *         {@code data/base/…}; the caller closes it
     * @throws SandboxRuntimeException when the sandbox has no container
     */
    public InputStream openDataArchive(String sandboxId) {
        return this.archives.open(sandboxId);
    }

    /**
     * Writes files into the sandbox's data directory (normally while stopped, before the first start of a
     * restored sandbox); files are owned by the container's {@code postgres} user.
     *
     * @param sandboxId the sandbox
     * @param tar a tar stream whose entries are relative to {@code PGDATA} (e.g. {@code PG_VERSION},
     *        {@code base/1/112}); read to its end, not closed
     * @throws SandboxRuntimeException when the sandbox has no container or the engine refuses the archive
     */
    public void writeDataArchive(String sandboxId, InputStream tar) {
        this.archives.write(sandboxId, tar);
    }

    /**
     * Runs a command inside a sandbox's running container (as its {@code postgres} user), for diagnostics and
     * tests; learners never reach this.
     *
     * @param containerId the container
     * @param command program and arguments
     * @return exit code and combined output
     */
    public ExecResult exec(String containerId, String... command) {
        return this.containers.exec(containerId, command);
    }

    /**
     * @param exitCode the command's exit code, -1 when unknown
     * @param output its standard output and error, interleaved
     */
    public record ExecResult(int exitCode, String output) {
    }

    private static SandboxInstance toInstance(Container container) {
        Map<String, String> labels = container.getLabels();
        String sandboxId = labels.get(LABEL_SANDBOX);
        String userId = labels.getOrDefault(LABEL_USER, "");
        SandboxInstance stopped = new SandboxInstance(sandboxId, userId, NAME, container.getId(),
                SandboxInstance.State.STOPPED, null, 0);
        if (!"running".equals(container.getState())) {
            return stopped;
        }
        for (ContainerPort port : container.getPorts()) {
            if (port.getPrivatePort() != null && port.getPrivatePort() == 5432 && port.getPublicPort() != null) {
                return stopped.with(SandboxInstance.State.RUNNING, HOST, port.getPublicPort());
            }
        }
        return stopped;
    }

    private static int publishedPort(InspectContainerResponse state) {
        Ports ports = state.getNetworkSettings().getPorts();
        if (ports == null) {
            return 0;
        }
        Ports.Binding[] bindings = ports.getBindings().get(POSTGRES_PORT);
        if (bindings == null) {
            return 0;
        }
        for (Ports.Binding binding : bindings) {
            if (HOST.equals(binding.getHostIp()) && binding.getHostPortSpec() != null
                    && !binding.getHostPortSpec().isEmpty()) {
                return Integer.parseInt(binding.getHostPortSpec());
            }
        }
        return 0;
    }

    private Map<String, String> labels(String sandboxId, String userId) {
        Map<String, String> labels = SandboxLabels.of(sandboxId, userId);
        labels.put(LABEL_DATA_DIR, dataDir().toString());
        return labels;
    }

    private Path pgdata(String sandboxId) {
        return this.directories.pgdata(sandboxId);
    }

    private Path dataDir() {
        return this.directories.root();
    }

    private static String resourceName(String sandboxId) {
        checkId(sandboxId);
        return "taidon-" + sandboxId;
    }

    private static void checkId(String sandboxId) {
        SandboxLabels.checkId(sandboxId);
    }
}
