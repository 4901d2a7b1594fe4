package io.taidon.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one suite of a test JVM: the real service jars from {@code <root>/<module>/target} started with
 * {@link Suite} on free loopback ports and a temporary data directory, on first use; stopped by
 * {@link SuiteShutdownIT} (or, if that does not run, at JVM exit).
 */
final class SharedSuite {

    private static RunningSuite suite;

    private static RuntimeException failure;

    private SharedSuite() {
    }

    /** @return the running suite, started on first call; a start failure is rethrown to every caller */
    static synchronized RunningSuite get() {
        if (failure != null) {
            throw failure;
        }
        if (suite == null) {
            try {
                Path home = Files.createTempDirectory("taidon-e2e-");
                // the corpus tests run a hundred scripts as one anonymous learner within minutes: lift that
                // learner's runs-per-minute quota (30); RunApiIT covers the quota itself
                List<String> options = new ArrayList<>(SuiteOptions.DEFAULT_JAVA_OPTIONS);
                options.add("-Dtaidon.user-profile.anonymous.runs-per-minute=100000");
                // ProjectsIT syncs with a bare repository on disk, as an operator may allow
                options.add("-Dtaidon.vcs-sync.git.allow-file-remotes=true");
                suite = Suite.start(SuiteOptions.defaults(root()).withHome(home).withRandomPorts(true)
                    .withJavaOptions(options));
                RunningSuite started = suite;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAfterStop(started, home),
                        "taidon-e2e-cleanup"));
            }
            catch (IOException ex) {
                failure = new UncheckedIOException(ex);
                throw failure;
            }
            catch (RuntimeException ex) {
                failure = ex;
                throw ex;
            }
        }
        return suite;
    }

    /**
     * At JVM exit, when {@link SuiteShutdownIT} did not run (a single IT was chosen with {@code -Dit.test}): waits for
     * the suite to stop, then deletes its home (PGDATA, the S3 store and copies of every service jar, over a GB).
     */
    private static void deleteAfterStop(RunningSuite started, Path home) {
        try {
            started.close();
            started.awaitClosed();
            TestFiles.deleteTree(home);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (IOException | RuntimeException ex) {
            System.err.println("taidon-e2e: could not delete " + home + ": " + ex);
        }
    }

    /** @return the repository root: the {@code taidon.root} system property (set by failsafe), else {@code ..} */
    static Path root() {
        String configured = System.getProperty("taidon.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }
}
