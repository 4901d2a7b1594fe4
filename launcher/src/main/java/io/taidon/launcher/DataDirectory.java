package io.taidon.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The launcher's one data directory and its parts, every directory owner-only ({@code 0700}):
 * {@code pg/} (control-plane PGDATA), {@code s3/} (embedded S3 blobs), {@code sandboxes/} (env-manager),
 * {@code logs/} (one file per service), {@code jars/} (the copies of the service jars that run).
 *
 * @param home the data directory
 */
record DataDirectory(Path home) {

    private static final int CENTRAL_DIRECTORY_BYTES = 1 << 20;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /**
     * Creates the directory tree (or tightens the permissions of an existing one).
     *
     * @param home the data directory
     * @return the prepared directory
     * @throws UncheckedIOException when a directory cannot be created
     */
    static DataDirectory prepare(Path home) {
        DataDirectory directory = new DataDirectory(home.toAbsolutePath().normalize());
        for (Path path : new Path[] { directory.home, directory.postgres(), directory.s3(), directory.sandboxes(),
                directory.logs(), directory.jars() }) {
            ownerOnly(path);
        }
        return directory;
    }

    private static void ownerOnly(Path path) {
        try {
            Files.createDirectories(path);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(path, OWNER_ONLY);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare the data directory " + path, ex);
        }
    }

    /** @return PGDATA of the control plane */
    Path postgres() {
        return this.home.resolve("pg");
    }

    /** @return base directory of the embedded S3 store */
    Path s3() {
        return this.home.resolve("s3");
    }

    /** @return env-manager's data directory */
    Path sandboxes() {
        return this.home.resolve("sandboxes");
    }

    /** @return vcs-sync's data directory (the keyset that encrypts Git credentials) */
    Path vcsSync() {
        return this.home.resolve("vcs-sync");
    }

    /** @return where service logs go */
    Path logs() {
        return this.home.resolve("logs");
    }

    /** @return where the launcher keeps its copies of the service jars */
    Path jars() {
        return this.home.resolve("jars");
    }

    /**
     * Copies a service's jar into {@link #jars()} (unless an identical copy is there), so that rebuilding the
     * module while the suite runs does not pull classes from under the running service.
     *
     * @param service a service
     * @param root the repository root
     * @return the copy to run
     * @throws UncheckedIOException when the copy fails
     */
    Path runnableJar(SuiteService service, Path root) {
        Path source = service.jar(root);
        Path copy = jars().resolve(source.getFileName());
        try {
            if (Files.exists(copy) && sameZip(source, copy)) {
                return copy;
            }
            Path partial = jars().resolve(source.getFileName() + ".partial");
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copy;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot copy " + source + " to " + copy, ex);
        }
    }

    /**
     * Reproducible builds give every jar the same timestamp, so compare the size and the zip central directory at
     * the end of the file, which holds the CRC-32 of every entry (APPNOTE.TXT 4.3.12).
     */
    private static boolean sameZip(Path one, Path other) throws IOException {
        long size = Files.size(one);
        if (size != Files.size(other)) {
            return false;
        }
        int tail = (int) Math.min(size, CENTRAL_DIRECTORY_BYTES);
        return Arrays.equals(tail(one, size, tail), tail(other, size, tail));
    }

    private static byte[] tail(Path file, long size, int length) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the buffer is full
            }
            return buffer.array();
        }
    }

    /**
     * @param service a service
     * @return its log file
     */
    Path log(SuiteService service) {
        return logs().resolve(service.serviceName() + ".log");
    }
}
