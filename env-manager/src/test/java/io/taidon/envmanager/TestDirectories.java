package io.taidon.envmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.core.ConditionTimeoutException;

import io.taidon.envmanager.files.FileTrees;

import static org.awaitility.Awaitility.await;

/**
 * Temporary directories for the tests' data directories and stores: the one copy of the ITs'
 * {@code createTempDir}s. Every directory made here is deleted when the test JVM exits: the Spring ITs' contexts
 * are cached and keep their sandboxes (processes, containers) in these directories until the JVM ends, so an
 * {@code @AfterAll} would delete them under a running context. A failed fork still leaks; a finished one does not
 * (before, every run left its {@code taidon-snapshots-*}, {@code taidon-cluster-defaults-*} and
 * {@code stub-snapshot-cache-*} behind: 65 GB of /tmp here). Failsafe waits up to 5 minutes for it.
 */
public final class TestDirectories {

    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("test-directories-cleanup").unstarted(
                TestDirectories::deleteAll));
    }

    private TestDirectories() {
    }

    /**
     * @param prefix the directory name's prefix, e.g. {@code taidon-api-}
     * @return a new empty directory under {@code java.io.tmpdir}, deleted with its contents at JVM exit
     * @throws UncheckedIOException when it cannot be created
     */
    public static Path create(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            CREATED.add(directory);
            return directory;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a directory made here now (a test that owns it alone, e.g. in its {@code @AfterAll}), retrying while a
     * background writer (the node's empty template being built) still adds to it.
     *
     * @param directory a directory from {@link #create}
     * @param timeout how long to keep trying
     */
    public static void delete(Path directory, Duration timeout) {
        await("delete " + directory).atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> {
                FileTrees.delete(directory);
                return true;
            });
        CREATED.remove(directory);
    }

    /**
     * At JVM exit, concurrently with Spring's context shutdown (which stops the sandboxes writing here): one thread
     * per directory, each retried for a while, then what is left is named and left. Failsafe waits for it
     * ({@code forkedProcessExitTimeoutInSeconds} in env-manager's pom: GBs of PGDATA take a while to delete).
     */
    private static void deleteAll() {
        List<Thread> deleting = CREATED.stream()
            .map(directory -> Thread.ofPlatform().name("delete " + directory).start(() -> deleteAtExit(directory)))
            .toList();
        for (Thread thread : deleting) {
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteAtExit(Path directory) {
        try {
            await("delete " + directory).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> FileTrees.deleteQuietly(directory));
        }
        catch (ConditionTimeoutException ex) {
            System.err.println("left behind: " + directory);
        }
    }
}
