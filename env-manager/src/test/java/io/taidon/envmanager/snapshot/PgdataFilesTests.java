package io.taidon.envmanager.snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.ManifestFile;

import static org.assertj.core.api.Assertions.assertThat;

/** What a capture carries of a PGDATA, and how modes and hashes are recorded. */
class PgdataFilesTests {

    @Test
    void shouldLeaveOutLockConfigStatsAndSkippedDatabases() {
        Set<String> skipped = Set.of("base/16390");
        assertThat(PgdataFiles.carried("PG_VERSION", skipped)).isTrue();
        assertThat(PgdataFiles.carried("base/5/1259", skipped)).isTrue();
        assertThat(PgdataFiles.carried("base/163901/1259", skipped)).isTrue();
        assertThat(PgdataFiles.carried("pg_wal/000000010000000000000001", skipped)).isTrue();
        assertThat(PgdataFiles.carried("base/16390/1259", skipped)).isFalse();
        assertThat(PgdataFiles.carried("postmaster.pid", skipped)).isFalse();
        assertThat(PgdataFiles.carried("postmaster.opts", skipped)).isFalse();
        assertThat(PgdataFiles.carried("postgresql.conf", skipped)).isFalse();
        assertThat(PgdataFiles.carried("postgresql.auto.conf", skipped)).isFalse();
        assertThat(PgdataFiles.carried("pg_hba.conf", skipped)).isFalse();
        assertThat(PgdataFiles.carried("pg_stat_tmp/global.stat", skipped)).isFalse();
        assertThat(PgdataFiles.carried("global/pg_internal.init", skipped)).isFalse();
        assertThat(PgdataFiles.carried("base/pgsql_tmp/pgsql_tmp1.0", skipped)).isFalse();
        assertThat(PgdataFiles.carried(PgdataFiles.METADATA, skipped)).isFalse();
    }

    @Test
    void shouldHashStreamingAndRecordModes(@TempDir Path pgdata) throws Exception {
        Files.createDirectories(pgdata.resolve("base/16390"));
        Files.createDirectories(pgdata.resolve("global"));
        byte[] content = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        Files.write(pgdata.resolve("global/pg_control"), content);
        Files.setPosixFilePermissions(pgdata.resolve("global/pg_control"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(pgdata.resolve("base/16390/1259"), "layer");
        Files.writeString(pgdata.resolve("postmaster.pid"), "123");

        List<ManifestFile> files = PgdataFiles.describe(pgdata, Set.of("base/16390"));

        assertThat(files).extracting(ManifestFile::path).containsExactly("global/pg_control");
        ManifestFile control = files.get(0);
        assertThat(control.size()).isEqualTo(content.length);
        assertThat(control.mode()).isEqualTo(0600);
        assertThat(control.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(PgdataFiles.permissions(0755)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(SnapshotRestore.major("18.6")).isEqualTo("18");
        assertThat(SnapshotRestore.major("17.6")).isNotEqualTo(SnapshotRestore.major("18.1"));
    }
}
