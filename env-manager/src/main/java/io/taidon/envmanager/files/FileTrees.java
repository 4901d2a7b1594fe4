package io.taidon.envmanager.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole directory trees: delete one (sandbox directories, staging copies, evicted snapshot copies, a half-extracted
 * binaries tree) and copy a PGDATA tree with owner-only permissions. Symbolic links are never followed.
 */
public final class FileTrees {

    private static final Logger log = LoggerFactory.getLogger(FileTrees.class);

    private FileTrees() {
    }

    /**
     * Deletes a file or a directory tree, deepest entries first; nothing happens when it does not exist.
     *
     * @param root the file or directory
     * @throws UncheckedIOException when an entry cannot be deleted (what was deleted before stays deleted)
     */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + root, ex);
        }
        catch (UncheckedIOException ex) {
            throw new UncheckedIOException("cannot delete " + root, ex.getCause());
        }
    }

    /**
     * Deletes what it can of a tree, for clean-up after an optimisation failed (a staging copy, an evicted entry):
     * an entry that cannot be deleted is logged (warning) and skipped.
     *
     * @param root the file or directory; nothing happens when it does not exist
     * @return whether the whole tree is gone
     */
    public static boolean deleteQuietly(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        catch (IOException | UncheckedIOException ex) {
            log.warn("cannot delete {}", root, ex);
            return false;
        }
        boolean all = true;
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            }
            catch (IOException ex) {
                log.warn("cannot delete {}", path, ex);
                all = false;
            }
        }
        return all;
    }

    /**
     * Copies a PGDATA tree: directories mode 0700; files owner-only, read-only when {@code readOnly}, else
     * read-write, keeping the owner-execute bit. Anything but a directory or a regular file (a symbolic link, a
     * socket) is refused.
     *
     * @param from source tree
     * @param to target directory (created when missing)
     * @param readOnly whether the copy's files are read-only
     * @return bytes copied
     * @throws IOException on failure, e.g. a symbolic link in the tree
     */
    public static long copy(Path from, Path to, boolean readOnly) throws IOException {
        return copy(from, to, readOnly, relative -> true);
    }

    /**
     * Like {@link #copy(Path, Path, boolean)}, with only the files {@code include} accepts (every directory is
     * made).
     *
     * @param from source tree
     * @param to target directory (created when missing)
     * @param readOnly whether the copy's files are read-only
     * @param include tested on each file's {@code /}-separated path relative to {@code from}
     * @return bytes copied
     * @throws IOException on failure
     */
    public static long copy(Path from, Path to, boolean readOnly, Predicate<String> include) throws IOException {
        long[] bytes = { 0 };
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(directory).toString());
                if (!Files.isDirectory(target)) {
                    Files.createDirectory(target);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!attributes.isRegularFile()) {
                    throw new IOException("not a regular file in a data directory: " + file);
                }
                if (!include.test(from.relativize(file).toString().replace('\\', '/'))) {
                    return FileVisitResult.CONTINUE;
                }
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                boolean executable = Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
                Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ);
                if (!readOnly) {
                    permissions.add(PosixFilePermission.OWNER_WRITE);
                }
                if (executable) {
                    permissions.add(PosixFilePermission.OWNER_EXECUTE);
                }
                Files.setPosixFilePermissions(target, permissions);
                bytes[0] += attributes.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }
}
