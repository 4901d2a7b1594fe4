package io.taidon.sqlrunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The shared corpus of real SQL ({@code ../shared/corpus} beside the checkout), never copied into the repository.
 * Found through the system property {@code taidon.corpus.dir} (or env {@code TAIDON_CORPUS_DIR}), else
 * {@code ../shared/corpus} relative to the repository root. Absent: the test is skipped with a message, except in
 * CI ({@code TAIDON_CI=true}) where its absence fails the test.
 */
public final class Corpus {

    private Corpus() {
    }

    /** @return the corpus directory; skips or fails the calling test when it is absent */
    public static Path dir() {
        String configured = System.getProperty("taidon.corpus.dir", System.getenv("TAIDON_CORPUS_DIR"));
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : repoRoot().resolve("../shared/corpus");
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("pagila"))) {
            String message = "SQL corpus not found at " + dir + " (set -Dtaidon.corpus.dir=…)";
            if ("true".equalsIgnoreCase(System.getenv("TAIDON_CI"))) {
                fail(message + "; it is required in CI");
            }
            Assumptions.abort(message + "; skipping");
        }
        return dir;
    }

    /**
     * @param relative path inside the corpus
     * @return the file's text (UTF-8)
     */
    public static String read(String relative) {
        try {
            return Files.readString(dir().resolve(relative), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("sql-runner"))) {
                return p;
            }
        }
        return dir.getParent() != null ? dir.getParent() : dir;
    }
}
