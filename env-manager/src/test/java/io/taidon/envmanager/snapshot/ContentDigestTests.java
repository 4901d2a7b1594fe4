package io.taidon.envmanager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Manifest;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.ManifestFile;

class ContentDigestTests {

    private static final ManifestFile VERSION = new ManifestFile("PG_VERSION", 0600, 3, "a".repeat(64));

    private static final ManifestFile TABLE = new ManifestFile("base/5/16384", 0600, 8192, "b".repeat(64));

    @Test
    void shouldDependOnTheFilesOnlyAndMatchTheDefinition() throws Exception {
        Manifest mine = manifest("sn_1", "u_local_a", List.of(VERSION, TABLE));
        Manifest theirs = manifest("sn_2", "u_local_b", List.of(TABLE, VERSION));
        String text = "taidon-base/v1\n" + "PG_VERSION\0" + 0600 + "\0" + 3 + "\0" + "a".repeat(64) + "\n"
                + "base/5/16384\0" + 0600 + "\0" + 8192 + "\0" + "b".repeat(64) + "\n";
        String expected = "sha256:" + HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(SnapshotRestore.contentDigest(mine)).isEqualTo(expected)
            .isEqualTo(SnapshotRestore.contentDigest(theirs));
        ManifestFile changed = new ManifestFile("base/5/16384", 0600, 8192, "c".repeat(64));
        assertThat(SnapshotRestore.contentDigest(manifest("sn_1", "u_local_a", List.of(VERSION, changed))))
            .isNotEqualTo(expected);
    }

    private static Manifest manifest(String id, String owner, List<ManifestFile> files) {
        return new Manifest(1, id, owner, "named", "18.1", null, null, files,
                files.stream().mapToLong(ManifestFile::size).sum());
    }
}
