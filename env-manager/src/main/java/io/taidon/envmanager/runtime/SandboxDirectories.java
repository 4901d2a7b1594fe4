package io.taidon.envmanager.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.taidon.envmanager.files.FileTrees;

/**
 * The local layout shared by the runtimes whose PGDATA lives on env-manager's own filesystem ({@code process}, and
 * {@code docker} through a bind mount): one directory per sandbox under a data directory, named by the sandbox id,
 * holding the cluster in {@code pgdata/}. Every directory is mode 0700.
 * <pre>
 * &lt;root&gt;/                  mode 0700
 *     &lt;sandboxId&gt;/          mode 0700; the runtime may keep its own files here (labels, logs)
 *         pgdata/            the cluster, mode 0700
 * </pre>
 */
public final class SandboxDirectories {

    private final Path root;

    /**
     * Creates the data directory when missing and makes it mode 0700.
     *
     * @param root the data directory, made absolute
     * @throws SandboxRuntimeException when it cannot be created
     */
    public SandboxDirectories(Path root) {
        this.root = root.toAbsolutePath();
        try {
            Files.createDirectories(this.root);
            restrict(this.root);
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot create the sandboxes directory " + this.root, ex);
        }
    }

    /** @return the absolute data directory */
    public Path root() {
        return this.root;
    }

    /**
     * @param sandboxId a sandbox id
     * @return {@code <root>/<sandboxId>}, existing or not
     * @throws IllegalArgumentException when {@code sandboxId} is not a sandbox id ({@link SandboxLabels#SANDBOX_ID})
     */
    public Path sandbox(String sandboxId) {
        SandboxLabels.checkId(sandboxId);
        return this.root.resolve(sandboxId);
    }

    /**
     * @param sandboxId a sandbox id
     * @return {@code <root>/<sandboxId>/pgdata}, existing or not
     * @throws IllegalArgumentException when {@code sandboxId} is not a sandbox id
     */
    public Path pgdata(String sandboxId) {
        return sandbox(sandboxId).resolve("pgdata");
    }

    /**
     * @param accept which sandbox directories to list (e.g. only another runtime's, by a file they hold)
     * @return the ids of the sandbox directories under the data directory that {@code accept} takes, labelled or not
     * @throws SandboxRuntimeException when the data directory cannot be listed
     */
    public List<String> ids(Predicate<Path> accept) {
        try (Stream<Path> children = Files.list(this.root)) {
            return children.filter(Files::isDirectory)
                .filter(accept)
                .map(path -> path.getFileName().toString())
                .filter(SandboxLabels::isSandboxId)
                .toList();
        }
        catch (IOException ex) {
            throw new SandboxRuntimeException("cannot list " + this.root, ex);
        }
    }

    /**
     * Deletes a sandbox's directory and everything in it; nothing happens when there is none.
     *
     * @param sandboxId the sandbox
     * @throws SandboxRuntimeException when something cannot be deleted
     */
    public void delete(String sandboxId) {
        Path dir = sandbox(sandboxId);
        try {
            FileTrees.delete(dir);
        }
        catch (UncheckedIOException ex) {
            throw new SandboxRuntimeException("cannot delete " + dir, ex.getCause());
        }
    }

    /**
     * Creates a directory with mode 0700 (its parent must exist).
     *
     * @param dir the new directory
     * @throws IOException when it exists already or cannot be created
     */
    public static void createPrivate(Path dir) throws IOException {
        Files.createDirectory(dir);
        restrict(dir);
    }

    /**
     * @param dir an existing directory
     * @throws IOException when its mode cannot be set to 0700
     */
    public static void restrict(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Bytes of the regular files in a tree, as a running server's PGDATA (a file removed while walking, e.g. of a
     * dropped database, counts 0).
     *
     * @param tree a directory
     * @return the sum of the file sizes, or -1 when the tree cannot be walked
     */
    public static long sizeBytes(Path tree) {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                }
                catch (IOException ex) {
                    return 0;
                }
            }).sum();
        }
        catch (IOException | UncheckedIOException ex) {
            return -1;
        }
    }
}
