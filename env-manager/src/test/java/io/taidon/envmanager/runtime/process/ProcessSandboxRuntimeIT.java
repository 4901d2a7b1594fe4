package io.taidon.envmanager.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxSpec;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessSandboxRuntimeIT {

    @Test
    void shouldCreateStartStopRestartAndRemoveASandbox() throws Exception {
        Path dataDir = TestDirectories.create("taidon-runtime-");
        ProcessSandboxRuntime runtime = new ProcessSandboxRuntime(
                PostgresBinaries.extract(Path.of("target", "postgres-binaries")), dataDir, Duration.ofSeconds(60), false);
        String password = UUID.randomUUID().toString();

        SandboxInstance created = runtime.create(new SandboxSpec("sb_lifecycle", "u_anon_lifecycle", password));
        try {
            exercise(runtime, dataDir, created, password);
        }
        finally {
            runtime.remove("sb_lifecycle");
        }
        assertThat(runtime.inspect("sb_lifecycle")).isEmpty();
        assertThat(dataDir.resolve("sb_lifecycle")).doesNotExist();
    }

    private static void exercise(ProcessSandboxRuntime runtime, Path dataDir, SandboxInstance created,
            String password) throws Exception {
        assertThat(created.state()).isEqualTo(SandboxInstance.State.STOPPED);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("sb_lifecycle")))
            .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("sb_lifecycle/pgdata")))
            .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(dataDir.resolve("sb_lifecycle/superuser.pw")).doesNotExist();
        assertThat(runtime.engineVersion()).startsWith("18.");

        SandboxInstance running = runtime.start(created, password);
        assertThat(running.host()).isEqualTo("127.0.0.1");
        assertThat(runtime.inspect("sb_lifecycle")).hasValueSatisfying(instance -> {
            assertThat(instance.running()).isTrue();
            assertThat(instance.port()).isEqualTo(running.port());
            assertThat(instance.userId()).isEqualTo("u_anon_lifecycle");
        });
        try (Connection admin = runtime.adminConnection(running, password, "postgres");
                Statement statement = admin.createStatement()) {
            ResultSet settings = statement.executeQuery("SELECT current_setting('server_version_num'),"
                    + " (SELECT datlocprovider FROM pg_database WHERE datname = 'postgres'),"
                    + " current_setting('data_checksums'), current_setting('archive_mode'),"
                    + " current_setting('shared_preload_libraries'), current_setting('listen_addresses'),"
                    + " current_setting('password_encryption'), pg_encoding_to_char(encoding),"
                    + " datlocale FROM pg_database WHERE datname = 'postgres'");
            settings.next();
            assertThat(settings.getString(1)).startsWith("18");
            assertThat(settings.getString(2)).isEqualTo("b");
            assertThat(settings.getString(3)).isEqualTo("on");
            assertThat(settings.getString(4)).isEqualTo("off");
            assertThat(settings.getString(5)).isEmpty();
            assertThat(settings.getString(6)).isEqualTo("127.0.0.1");
            assertThat(settings.getString(7)).isEqualTo("scram-sha-256");
            assertThat(settings.getString(8)).isEqualTo("UTF8");
            assertThat(settings.getString(9)).isEqualTo("C.UTF-8");
        }
        assertThat(Files.readString(dataDir.resolve("sb_lifecycle/pgdata/pg_hba.conf"))).doesNotContain("trust");
        assertThat(runtime.listManaged()).extracting(SandboxInstance::sandboxId).containsExactly("sb_lifecycle");
        assertThat(runtime.sizeBytes(running)).isGreaterThan(1_000_000);

        runtime.stop(running);
        assertThat(runtime.inspect("sb_lifecycle")).hasValueSatisfying(
                instance -> assertThat(instance.state()).isEqualTo(SandboxInstance.State.STOPPED));

        SandboxInstance restarted = runtime.start(running, password);
        try (Connection admin = runtime.adminConnection(restarted, password, "postgres")) {
            assertThat(admin.isValid(5)).isTrue();
        }
    }
}
