package io.taidon.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-tree helpers of the launcher's tests. */
final class TestFiles {

    private TestFiles() {
    }

    /**
     * Deletes a directory and everything under it (nothing when it does not exist).
     *
     * @param root the directory
     * @throws IOException when a file cannot be deleted
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> files = Files.walk(root)) {
            paths = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
