package io.taidon.envmanager.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.ManifestFile;

/**
 * What of a PGDATA a snapshot carries, and how files are hashed and their modes written.
 * <p>
 * Left out: the server's lock and options files ({@code postmaster.pid}, {@code postmaster.opts}), temporary
 * statistics ({@code pg_stat_tmp/}), relation-cache init files ({@code pg_internal.init}, rebuilt at start),
 * temporary files ({@code pgsql_tmp}), logs, and Taidon's own configuration files, which are written before every
 * start and never taken from a snapshot ({@link #CONFIG_FILES}). Directories PostgreSQL needs even when empty are
 * recreated on restore from {@link #REQUIRED_DIRECTORIES} (initdb's list for PostgreSQL 18).
 */
final class PgdataFiles {

    /** Configuration files Taidon owns: skipped on capture and on restore. */
    static final Set<String> CONFIG_FILES = Set.of("postgresql.conf", "postgresql.auto.conf", "pg_hba.conf",
            "pg_ident.conf");

    /** Manifest path of Taidon's own metadata (recorded results of a chain point); not part of PGDATA. */
    static final String METADATA = "taidon-metadata.json";

    private static final Set<String> SKIPPED_TOP = Set.of("postmaster.pid", "postmaster.opts", "current_logfiles",
            "pg_stat_tmp", "log", METADATA);

    static final List<String> REQUIRED_DIRECTORIES = List.of("global", "base", "pg_wal", "pg_wal/archive_status",
            "pg_wal/summaries", "pg_commit_ts", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots",
            "pg_subtrans", "pg_twophase", "pg_multixact", "pg_multixact/members", "pg_multixact/offsets",
            "pg_replslot", "pg_tblspc", "pg_stat", "pg_stat_tmp", "pg_xact", "pg_logical", "pg_logical/snapshots",
            "pg_logical/mappings");

    private PgdataFiles() {
    }

    /**
     * @param relative a {@code /}-separated path relative to PGDATA
     * @param skippedDatabaseDirs {@code base/<oid>} directories left out (layers, spares)
     * @return whether a capture carries it
     */
    static boolean carried(String relative, Set<String> skippedDatabaseDirs) {
        String top = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative;
        if (SKIPPED_TOP.contains(top) || CONFIG_FILES.contains(relative)) {
            return false;
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        if (name.equals("pg_internal.init") || relative.contains("pgsql_tmp")) {
            return false;
        }
        for (String skipped : skippedDatabaseDirs) {
            if (relative.startsWith(skipped + "/")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Walks a stopped cluster's PGDATA and hashes every carried regular file, streaming.
     *
     * @param pgdata the data directory
     * @param skippedDatabaseDirs {@code base/<oid>} directories left out
     * @return the files, sorted by path
     * @throws IOException when a file cannot be read
     */
    static List<ManifestFile> describe(Path pgdata, Set<String> skippedDatabaseDirs) throws IOException {
        List<ManifestFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(pgdata)) {
            for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                if (!Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String relative = pgdata.relativize(path).toString().replace('\\', '/');
                if (carried(relative, skippedDatabaseDirs)) {
                    files.add(describe(path, relative));
                }
            }
        }
        return files;
    }

    /**
     * @param path a file
     * @param relative its manifest path
     * @return its manifest entry (mode, size, SHA-256 computed streaming)
     * @throws IOException when it cannot be read
     */
    static ManifestFile describe(Path path, String relative) throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
                size += read;
            }
        }
        return new ManifestFile(relative, mode(Files.getPosixFilePermissions(path)), size,
                HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * @param permissions POSIX permissions
     * @return them as mode bits, e.g. 0600
     */
    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    /**
     * @param mode mode bits; owner read and write are always kept, group/other bits dropped (PGDATA is private)
     * @return POSIX permissions
     */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        return permissions;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
