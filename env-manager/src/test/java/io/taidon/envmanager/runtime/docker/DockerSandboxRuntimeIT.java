package io.taidon.envmanager.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.InvocationBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.util.unit.DataSize;

import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The docker runtime against the real engine and the locally built sandbox image: lifecycle, labels and limits as
 * the engine reports them, data files, and the docker-only hardening points (memory and fork bombs stay inside
 * the container, read-only root filesystem, no path to other networks nor to other sandboxes). Traffic goes only
 * to loopback and to containers this test creates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerSandboxRuntimeIT {

    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    private static final String LEARNER_PASSWORD = UUID.randomUUID().toString();

    private static final EnvManagerProperties.Learner LIMITS = new EnvManagerProperties.Learner(Duration.ofSeconds(60),
            Duration.ofSeconds(60), DataSize.ofMegabytes(64), DataSize.ofMegabytes(4), 10);

    private DockerTestSupport support;

    private DockerSandboxRuntime runtime;

    private Path dataDir;

    @BeforeAll
    void connect() throws IOException {
        this.support = DockerTestSupport.require();
        this.dataDir = TestDirectories.create("taidon-docker-it-");
        this.runtime = runtime(this.support.properties());
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (this.support != null) {
            this.support.cleanUp();
            assertThat(this.support.leftovers()).isEmpty();
            this.support.close();
        }
        if (this.dataDir != null) {
            try (var files = Files.list(this.dataDir)) {
                assertThat(files.toList()).as("sandbox directories left behind").isEmpty();
            }
            Files.delete(this.dataDir);
        }
    }

    private DockerSandboxRuntime runtime(DockerProperties properties) {
        return runtime(properties, this.dataDir);
    }

    private DockerSandboxRuntime runtime(DockerProperties properties, Path sandboxes) {
        return new DockerSandboxRuntime(this.support.docker(), properties, sandboxes, Duration.ofSeconds(90), false);
    }

    private SandboxInstance startHardened(DockerSandboxRuntime on, String name) {
        String id = this.support.sandboxId(name);
        SandboxInstance sandbox = on.start(on.create(new SandboxSpec(id, "u_anon_" + name, ADMIN_PASSWORD)),
                ADMIN_PASSWORD);
        try (Connection admin = on.adminConnection(sandbox, ADMIN_PASSWORD, "postgres")) {
            new SandboxHardening(LIMITS).initialise(admin,
                    database -> on.adminConnection(sandbox, ADMIN_PASSWORD, database), LEARNER_PASSWORD);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return sandbox;
    }

    private static Connection learner(SandboxInstance sandbox) throws SQLException {
        return LearnerJdbc.open(sandbox.host(), sandbox.port(), SandboxHardening.LEARNER, SandboxHardening.LEARNER,
                LEARNER_PASSWORD);
    }

    private static String query(Connection connection, String sql) throws SQLException {
        return LearnerJdbc.query(connection, sql);
    }

    /** Polls (no fixed sleep) until the learner can connect again, or fails after the deadline. */
    private static void awaitLearner(SandboxInstance sandbox, Duration timeout) throws Exception {
        await("learner can connect").atMost(timeout)
            .pollInterval(Duration.ofMillis(50))
            .ignoreExceptionsInstanceOf(SQLException.class)
            .untilAsserted(() -> {
                try (Connection connection = learner(sandbox)) {
                    assertThat(query(connection, "SELECT 1")).isEqualTo("1");
                }
            });
    }

    @Test
    void shouldCreateStartStopAndRemoveALabelledLimitedContainer() throws Exception {
        String id = this.support.sandboxId("life");
        SandboxInstance created = this.runtime.create(new SandboxSpec(id, "u_life", ADMIN_PASSWORD));
        assertThat(created.runtime()).isEqualTo("docker");
        assertThat(this.runtime.inspect(id)).hasValueSatisfying(instance -> {
            assertThat(instance.state()).isEqualTo(SandboxInstance.State.STOPPED);
            assertThat(instance.userId()).isEqualTo("u_life");
        });
        InspectContainerResponse container = this.support.docker().inspectContainerCmd(created.handle()).exec();
        assertThat(container.getConfig().getLabels()).containsEntry("io.taidon.managed", "true")
            .containsEntry("io.taidon.sandbox-id", id)
            .containsEntry("io.taidon.user-id", "u_life");
        assertThat(container.getConfig().getImage()).isEqualTo("taidon/sandbox:18");
        HostConfig host = container.getHostConfig();
        assertThat(host.getMemory()).isEqualTo(DataSize.ofMegabytes(512).toBytes());
        assertThat(host.getMemorySwap()).isEqualTo(DataSize.ofMegabytes(512).toBytes());
        assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(256L);
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNullOrEmpty();
        assertThat(host.getSecurityOpts()).contains("no-new-privileges:true");
        assertThat(host.getTmpFs()).containsOnlyKeys("/var/run/postgresql", "/tmp");
        assertThat(host.getNetworkMode()).isEqualTo(this.support.properties().network());
        Ports.Binding[] bindings = host.getPortBindings().getBindings().get(ExposedPort.tcp(5432));
        assertThat(bindings).singleElement().satisfies(binding -> {
            assertThat(binding.getHostIp()).isEqualTo("127.0.0.1");
            assertThat(binding.getHostPortSpec()).isNullOrEmpty();
        });
        Path pgdata = this.runtime.dataDirectory(created);
        assertThat(pgdata).isEqualTo(this.dataDir.resolve(id).resolve("pgdata"));
        assertThat(host.getMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getType()).isEqualTo(MountType.BIND);
            assertThat(mount.getSource()).isEqualTo(pgdata.toString());
            assertThat(mount.getTarget()).isEqualTo("/var/lib/postgresql/data");
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pgdata))).isEqualTo("rwx------");
        assertThatThrownBy(() -> this.runtime.create(new SandboxSpec(id, "u_other", ADMIN_PASSWORD)))
            .isInstanceOf(SandboxRuntimeException.class);
        assertThat(this.runtime.inspect(id)).isPresent();

        SandboxInstance running = this.runtime.start(created, ADMIN_PASSWORD);
        assertThat(running.running()).isTrue();
        assertThat(running.host()).isEqualTo("127.0.0.1");
        assertThat(this.runtime.engineVersion()).startsWith("18.");
        try (Connection admin = this.runtime.adminConnection(running, ADMIN_PASSWORD, "postgres")) {
            assertThat(query(admin, "SHOW server_version")).startsWith(this.runtime.engineVersion());
            assertThat(query(admin, "SELECT current_setting('data_checksums')")).isEqualTo("on");
            assertThat(query(admin, "SHOW config_file")).isEqualTo("/etc/taidon/postgresql.conf");
            assertThat(query(admin, "SELECT datlocale FROM pg_database WHERE datname = 'postgres'"))
                .isEqualTo("C.UTF-8");
            assertThat(query(admin, "SHOW fsync")).isEqualTo("off");
            try (Statement statement = admin.createStatement()) {
                statement.execute("CREATE TABLE kept (v text)");
                statement.execute("INSERT INTO kept VALUES ('survives a restart')");
            }
        }
        assertThat(this.runtime.inspect(id)).hasValueSatisfying(instance -> {
            assertThat(instance.running()).isTrue();
            assertThat(instance.port()).isEqualTo(running.port());
        });
        assertThat(this.runtime.listManaged()).extracting(SandboxInstance::sandboxId).contains(id);
        assertThat(this.runtime.sizeBytes(running)).isGreaterThan(1_000_000L);

        this.runtime.stop(running);
        assertThat(this.runtime.inspect(id)).hasValueSatisfying(
                instance -> assertThat(instance.state()).isEqualTo(SandboxInstance.State.STOPPED));
        assertThat(this.support.docker().inspectContainerCmd(created.handle()).exec().getState().getExitCodeLong())
            .as("SIGINT is a clean fast shutdown")
            .isZero();

        // data files: read the stopped cluster on the host and through the engine, write files both ways
        assertThat(Files.readString(pgdata.resolve("PG_VERSION")).strip()).isEqualTo("18");
        assertThat(tarEntries(this.runtime.openDataArchive(id))).contains("data/PG_VERSION", "data/global/pg_control");
        this.runtime.writeDataArchive(id, tarOf(Map.of("taidon-probe.txt", "written through the engine")));
        assertThat(pgdata.resolve("taidon-probe.txt")).hasContent("written through the engine");
        Files.writeString(pgdata.resolve("taidon-host.txt"), "written on the host");
        String newPassword = "new'" + UUID.randomUUID();
        this.runtime.setSuperuserPassword(this.runtime.inspect(id).orElseThrow(), newPassword);

        SandboxInstance restarted = this.runtime.start(this.runtime.inspect(id).orElseThrow(), newPassword);
        try (Connection admin = this.runtime.adminConnection(restarted, newPassword, "postgres")) {
            assertThat(query(admin, "SELECT v FROM kept")).isEqualTo("survives a restart");
            assertThat(query(admin, "SELECT pg_read_file('taidon-probe.txt')")).isEqualTo("written through the engine");
            assertThat(query(admin, "SELECT pg_read_file('taidon-host.txt')")).isEqualTo("written on the host");
        }
        assertThatThrownBy(() -> this.runtime.adminConnection(restarted, ADMIN_PASSWORD, "postgres"))
            .isInstanceOf(SandboxRuntimeException.class);

        this.runtime.remove(id);
        this.runtime.remove(id);
        assertThat(this.runtime.inspect(id)).isEmpty();
        assertThat(this.runtime.listManaged()).extracting(SandboxInstance::sandboxId).doesNotContain(id);
        assertThat(this.runtime.directories()).doesNotContain(id);
        assertThat(this.dataDir.resolve(id)).doesNotExist();
    }

    @Test
    void shouldListItsOwnLeftoversOnlyAndApplyTheSpecsResources() throws Exception {
        String bare = this.support.sandboxId("bare"); // a crash between the directory and the container
        Files.createDirectories(this.dataDir.resolve(bare).resolve("pgdata"));
        Path processStyle = this.dataDir.resolve(this.support.sandboxId("proc"));
        Files.createDirectories(processStyle.resolve("pgdata"));
        Files.writeString(processStyle.resolve("sandbox.properties"), "sandboxId=" + processStyle.getFileName());
        Path otherDir = TestDirectories.create("taidon-docker-other-");
        DockerSandboxRuntime other = runtime(this.support.properties(), otherDir);
        String foreign = this.support.sandboxId("foreign");
        SandboxInstance created = other.create(new SandboxSpec(foreign, "u_foreign", ADMIN_PASSWORD,
                new SandboxSpec.Resources(0.25, DataSize.ofMegabytes(200).toBytes())));
        try {
            HostConfig host = this.support.docker().inspectContainerCmd(created.handle()).exec().getHostConfig();
            assertThat(host.getNanoCPUs()).isEqualTo(250_000_000L);
            assertThat(host.getMemory()).isEqualTo(DataSize.ofMegabytes(200).toBytes());
            assertThat(host.getMemorySwap()).isEqualTo(DataSize.ofMegabytes(200).toBytes());
            assertThat(host.getPidsLimit()).isEqualTo(256L);

            assertThat(this.runtime.listManaged()).extracting(SandboxInstance::sandboxId)
                .contains(bare)
                .doesNotContain(foreign, processStyle.getFileName().toString());
            assertThat(this.runtime.listManaged()).filteredOn(instance -> instance.sandboxId().equals(bare))
                .singleElement()
                .satisfies(instance -> assertThat(instance.state()).isEqualTo(SandboxInstance.State.STOPPED));
            assertThat(other.listManaged()).extracting(SandboxInstance::sandboxId).containsExactly(foreign);
            this.runtime.remove(bare);
            assertThat(this.dataDir.resolve(bare)).doesNotExist();
            assertThat(this.runtime.listManaged()).extracting(SandboxInstance::sandboxId).doesNotContain(bare);
        }
        finally {
            other.remove(foreign);
            Files.delete(otherDir);
            Files.delete(processStyle.resolve("sandbox.properties"));
            Files.delete(processStyle.resolve("pgdata"));
            Files.delete(processStyle);
        }
        assertThat(this.runtime.inspect(foreign)).isEmpty();
    }

    @Test
    void shouldKeepTheRootFilesystemReadOnly() throws Exception {
        SandboxInstance sandbox = startHardened(this.runtime, "rofs");
        DockerSandboxRuntime.ExecResult root = this.runtime.exec(sandbox.handle(), "sh", "-c",
                "touch /taidon-escape; echo \"exit=$?\"");
        assertThat(root.output()).contains("Read-only file system").contains("exit=1");
        DockerSandboxRuntime.ExecResult etc = this.runtime.exec(sandbox.handle(), "sh", "-c",
                "echo x >> /etc/taidon/postgresql.conf");
        assertThat(etc.exitCode()).isNotZero();
        assertThat(this.runtime.exec(sandbox.handle(), "touch", "/tmp/allowed").exitCode())
            .as("/tmp is a writable tmpfs")
            .isZero();
        assertThat(this.runtime.exec(sandbox.handle(), "id", "-u").output().strip()).isNotEqualTo("0");
        assertThat(this.runtime.exec(sandbox.handle(), "sh", "-c", "grep CapEff /proc/1/status").output())
            .contains("0000000000000000");
        this.runtime.remove(sandbox.sandboxId());
    }

    @Test
    void shouldKeepAMemoryBombInsideTheContainer() throws Exception {
        DockerSandboxRuntime small = runtime(this.support.properties().withLimits(DataSize.ofMegabytes(160), 256));
        SandboxInstance sandbox = startHardened(small, "membomb");
        assertThatThrownBy(() -> {
            try (Connection connection = learner(sandbox)) {
                // ~900 MB in one backend, far beyond the container's 160 MB
                query(connection, "SELECT length(string_agg(repeat('x', 1000000), '')) FROM generate_series(1, 900)");
            }
        }).isInstanceOf(SQLException.class);
        String peak = this.runtime.exec(sandbox.handle(), "sh", "-c",
                "cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak")
            .output()
            .strip();
        assertThat(Long.parseLong(peak)).as("peak memory of the container")
            .isLessThanOrEqualTo(DataSize.ofMegabytes(160).toBytes());
        // the container (or at least its server) recovers; env-manager restarts it when it died
        SandboxInstance again = small.start(small.inspect(sandbox.sandboxId()).orElseThrow(), ADMIN_PASSWORD);
        awaitLearner(again, Duration.ofSeconds(60));
        small.remove(sandbox.sandboxId());
    }

    @Test
    void shouldKeepAForkBombInsideThePidsLimit() throws Exception {
        DockerSandboxRuntime small = runtime(this.support.properties().withLimits(DataSize.ofMegabytes(512), 64));
        SandboxInstance sandbox = startHardened(small, "forkbomb");
        DockerSandboxRuntime.ExecResult bomb = small.exec(sandbox.handle(), "sh", "-c",
                "i=0; while [ $i -lt 200 ]; do sleep 3 & i=$((i+1)); done 2>&1; echo spawned");
        assertThat(bomb.output()).containsIgnoringCase("fork");
        assertThat(this.support.docker().inspectContainerCmd(sandbox.handle()).exec().getHostConfig().getPidsLimit())
            .isEqualTo(64L);
        awaitLearner(sandbox, Duration.ofSeconds(60));
        // once the bomb's processes ended, the sandbox answers again and its cgroup holds the limit
        Statistics stats = this.support.docker()
            .statsCmd(sandbox.handle())
            .withNoStream(true)
            .exec(new InvocationBuilder.AsyncResultCallback<>())
            .awaitResult();
        assertThat(stats.getPidsStats().getCurrent()).isLessThanOrEqualTo(64L);
        small.remove(sandbox.sandboxId());
    }

    @Test
    void shouldReachNeitherAnotherNetworkNorAnotherSandbox() throws Exception {
        Network network = this.runtime.findNetwork().orElseThrow();
        assertThat(network.getDriver()).isEqualTo("bridge");
        assertThat(network.getOptions()).containsEntry("com.docker.network.bridge.enable_ip_masquerade", "false")
            .containsEntry("com.docker.network.bridge.enable_icc", "false");

        // the test's own listener: a PostgreSQL of the same image on a network the test creates
        String other = "taidon-" + this.support.run() + "-other";
        this.support.docker()
            .createNetworkCmd()
            .withName(other)
            .withDriver("bridge")
            .withLabels(Map.of(DockerTestSupport.LABEL_TEST, this.support.run()))
            .exec();
        String listener = this.support.docker()
            .createContainerCmd(this.support.properties().image())
            .withName("taidon-" + this.support.run() + "-listener")
            .withLabels(Map.of(DockerTestSupport.LABEL_TEST, this.support.run()))
            .withEnv("TAIDON_SUPERUSER_PASSWORD=" + UUID.randomUUID())
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode(other))
            .exec()
            .getId();
        this.support.docker().startContainerCmd(listener).exec();
        String listenerIp = ipOn(listener, other);
        awaitListening(listenerIp, Duration.ofSeconds(60));

        SandboxInstance first = startHardened(this.runtime, "net1");
        SandboxInstance second = startHardened(this.runtime, "net2");
        String secondIp = ipOn(second.handle(), this.support.properties().network());
        awaitListening(secondIp, Duration.ofSeconds(10));

        assertThat(probe(first, listenerIp)).as("sandbox -> another network").isNotZero();
        assertThat(probe(first, secondIp)).as("sandbox -> another sandbox (icc off)").isNotZero();
        assertThat(probe(first, "127.0.0.1")).as("control: the sandbox's own server answers").isZero();
        this.runtime.remove(first.sandboxId());
        this.runtime.remove(second.sandboxId());
    }

    /** Tries a TCP connection from inside the sandbox; 0 when it connected. */
    private int probe(SandboxInstance from, String ip) {
        return this.runtime
            .exec(from.handle(), "timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/" + ip + "/5432")
            .exitCode();
    }

    private String ipOn(String containerId, String network) {
        Map<String, ContainerNetwork> networks = this.support.docker()
            .inspectContainerCmd(containerId)
            .exec()
            .getNetworkSettings()
            .getNetworks();
        String ip = networks.get(network).getIpAddress();
        assertThat(ip).isNotBlank();
        return ip;
    }

    /** Control: the address answers from the host, so a refusal from the sandbox is the network's doing. */
    private static void awaitListening(String ip, Duration timeout) throws Exception {
        await(ip + ":5432 listens").atMost(timeout)
            .pollInterval(Duration.ofMillis(50))
            .ignoreExceptionsInstanceOf(IOException.class)
            .until(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(ip, 5432), 1000);
                    return true;
                }
            });
    }

    private static List<String> tarEntries(InputStream archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static InputStream tarOf(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                entry.setMode(0600);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }
}
