package io.taidon.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared corpus of real SQL ({@code ../shared/corpus} beside the checkout, see its {@code README.md}), never
 * copied into the repository. Found through the system property {@code taidon.corpus.dir} or
 * {@code TAIDON_CORPUS_DIR} (or that environment variable), else {@code ../shared/corpus} relative to the
 * repository root. Absent: the calling test is skipped with a message, except in CI ({@code TAIDON_CI=true}, as a
 * system property or in the environment) where its absence fails the test. Uses only JUnit, so a module that takes
 * this one without its dependencies (the launcher) can use it.
 */
public final class Corpus {

    private Corpus() {
    }

    /** @return the corpus directory; skips or fails the calling test when it is absent */
    public static Path dir() {
        Path dir = location();
        if (!Files.isDirectory(dir.resolve("pagila"))) {
            String message = "SQL corpus not found at " + dir + " (set -Dtaidon.corpus.dir=… or TAIDON_CORPUS_DIR)";
            if ("true".equalsIgnoreCase(setting("TAIDON_CI"))) {
                Assertions.fail(message + "; it is required in CI");
            }
            Assumptions.abort(message + "; skipping");
        }
        return dir;
    }

    /** @return where the corpus is looked for, whether it is there or not (for a benchmark's default) */
    public static Path location() {
        String configured = System.getProperty("taidon.corpus.dir", setting("TAIDON_CORPUS_DIR"));
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : repositoryRoot().resolve("../shared/corpus");
        return dir.toAbsolutePath().normalize();
    }

    /**
     * @param relative path inside the corpus
     * @return the file's text (UTF-8); skips or fails the calling test as {@link #dir()} when there is no corpus
     */
    public static String read(String relative) {
        try {
            return Files.readString(dir().resolve(relative), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the repository root: the {@code taidon.root} system property (failsafe sets it), else the nearest
     *         directory above the working directory that holds {@code mvnw} and {@code platform-test}
     */
    static Path repositoryRoot() {
        String configured = System.getProperty("taidon.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("platform-test"))) {
                return candidate;
            }
        }
        return dir.getParent() != null ? dir.getParent() : dir;
    }

    private static @Nullable String setting(String name) {
        return System.getProperty(name, System.getenv(name));
    }
}
