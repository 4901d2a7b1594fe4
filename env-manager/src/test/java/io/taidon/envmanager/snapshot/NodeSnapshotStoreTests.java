package io.taidon.envmanager.snapshot;

import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node-local snapshot cache on a real filesystem: entries appear whole (temporary directories of a crash are
 * removed at start), are read-only, are evicted least recently used first beyond the size budget (an open entry
 * never), and hand out a ready spare copy by rename.
 */
class NodeSnapshotStoreTests {

    @TempDir
    Path root;

    @Test
    void shouldKeepReadOnlyEntriesAndEvictTheLeastRecentlyUsedBeyondTheBudget() throws Exception {
        Path dir = this.root.resolve("cache");
        // each entry counts twice (tree + spare): 3 × 2 × 1000 bytes exceed a 5000-byte budget
        NodeSnapshotStore cache = new NodeSnapshotStore(dir, 5000, true);
        try {
            cache.add("sn_a", pgdata("a", 1000), "pw-a", null);
            cache.add("sn_b", pgdata("b", 1000), "pw-b", "c".repeat(64));
            Files.setLastModifiedTime(dir.resolve("sn_a").resolve("entry.properties"),
                    FileTime.from(Instant.now().minusSeconds(60)));
            Files.setLastModifiedTime(dir.resolve("sn_b").resolve("entry.properties"),
                    FileTime.from(Instant.now().minusSeconds(120)));
            try (NodeSnapshotStore.Lease a = cache.open("sn_a").orElseThrow()) {
                assertThat(a.bootPassword()).isEqualTo("pw-a");
                assertThat(a.chainHash()).isNull();
                Path file = a.pgdata().resolve("base").resolve("1").resolve("data");
                assertThat(Files.readString(file)).hasSize(1000).startsWith("a");
                assertThat(Files.getPosixFilePermissions(file)).containsExactly(PosixFilePermission.OWNER_READ);
            }
            // sn_a was just used: sn_b is the least recently used and goes when sn_c arrives
            cache.add("sn_c", pgdata("c", 1000), "pw-c", null);
            assertThat(cache.cached()).containsExactlyInAnyOrder("sn_a", "sn_c");
            assertThat(cache.open("sn_b")).isEmpty();

            // an open entry is not evicted
            try (NodeSnapshotStore.Lease c = cache.open("sn_c").orElseThrow()) {
                Files.setLastModifiedTime(dir.resolve("sn_c").resolve("entry.properties"),
                        FileTime.from(Instant.now().minusSeconds(600)));
                cache.add("sn_d", pgdata("d", 1000), "pw-d", null);
                assertThat(cache.cached()).contains("sn_c", "sn_d").doesNotContain("sn_a");
                assertThat(Files.readString(c.pgdata().resolve("base").resolve("1").resolve("data"))).startsWith("c");
            }
        }
        finally {
            cache.close();
        }
    }

    @Test
    void shouldDropHalfWrittenEntriesAtStartAndHandOutSparesByRename() throws Exception {
        Path dir = this.root.resolve("cache");
        Files.createDirectories(dir.resolve(".tmp-crashed").resolve("pgdata"));
        Files.createDirectories(dir.resolve("sn_partial").resolve("pgdata"));
        NodeSnapshotStore cache = new NodeSnapshotStore(dir, 1_000_000, true);
        try {
            assertThat(dir.resolve(".tmp-crashed")).doesNotExist();
            assertThat(dir.resolve("sn_partial")).doesNotExist();
            assertThat(cache.open("sn_partial")).isEmpty();

            cache.add("sn_s", pgdata("s", 100), "pw", null);
            Path spares = dir.resolve("sn_s").resolve("spares");
            // made in the background
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(25)).until(() -> hasSpare(spares));
            assertThat(hasSpare(spares)).isTrue();
            Path target = this.root.resolve("sandbox").resolve("pgdata");
            Files.createDirectories(target);
            try (NodeSnapshotStore.Lease lease = cache.open("sn_s").orElseThrow()) {
                assertThat(cache.takeSpare("sn_s", target)).isTrue();
            }
            Path file = target.resolve("base").resolve("1").resolve("data");
            assertThat(Files.readString(file)).startsWith("s");
            assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OWNER_WRITE);
            Files.writeString(file, "changed by the sandbox");
            try (NodeSnapshotStore.Lease lease = cache.open("sn_s").orElseThrow()) {
                assertThat(Files.readString(lease.pgdata().resolve("base").resolve("1").resolve("data")))
                    .startsWith("s");
            }
        }
        finally {
            cache.close();
        }
    }

    @Test
    void shouldCacheNothingWhenDisabled() throws Exception {
        NodeSnapshotStore cache = new NodeSnapshotStore(this.root.resolve("off"), 1_000_000, false);
        cache.add("sn_x", pgdata("x", 10), "pw", null);
        Optional<NodeSnapshotStore.Lease> lease = cache.open("sn_x");
        assertThat(lease).isEmpty();
        assertThat(this.root.resolve("off")).doesNotExist();
    }

    private static boolean hasSpare(Path spares) throws IOException {
        if (!Files.isDirectory(spares)) {
            return false;
        }
        try (var children = Files.list(spares)) {
            return children.anyMatch(path -> !path.getFileName().toString().startsWith("."));
        }
    }

    private Path pgdata(String name, int size) throws IOException {
        Path pgdata = this.root.resolve("src-" + name);
        Path file = pgdata.resolve("base").resolve("1").resolve("data");
        Files.createDirectories(file.getParent());
        Files.writeString(file, name.repeat(size));
        return pgdata;
    }
}
