package io.taidon.snapshotcache.manifest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestCodecTests {

    private final ManifestCodec codec = new ManifestCodec();

    private final Manifest manifest = new Manifest(1, "s_1", "u_local_a", "named", "18", null,
            "2026-11-22T00:00:00Z", null, List.of(new ManifestFile("base/1/1", 384, 3, "ab".repeat(32))), 3, null);

    @Test
    void shouldSortKeysDropTheSignatureAndOmitWhitespace() {
        String canonical = new String(this.codec.canonical(this.manifest), StandardCharsets.UTF_8);
        assertThat(canonical).startsWith("{\"chainHash\":null,\"createdAt\":\"2026-11-22T00:00:00Z\",\"engineVersion\"")
            .contains("{\"mode\":384,\"path\":\"base/1/1\",\"sha256\":\"abab")
            .doesNotContain("signature")
            .doesNotContain(" ");
    }

    @Test
    void shouldGiveTheSameBytesWhateverTheMemberOrderAndSignature() {
        byte[] fromRecord = this.codec.canonical(this.manifest);
        String reordered = "{\"totalSize\":3,\"signature\":{\"keyId\":\"k\",\"algorithm\":\"Ed25519\",\"value\":\"x\"},"
                + "\"snapshotId\":\"s_1\",\"owner\":\"u_local_a\",\"kind\":\"named\",\"engineVersion\":\"18\","
                + "\"parentId\":null,\"createdAt\":\"2026-11-22T00:00:00Z\",\"chainHash\":null,\"formatVersion\":1,"
                + "\"files\":[{\"sha256\":\"" + "ab".repeat(32) + "\",\"size\":3,\"path\":\"base/1/1\",\"mode\":384}]}";
        assertThat(this.codec.canonical(this.codec.parse(reordered.getBytes(StandardCharsets.UTF_8))))
            .isEqualTo(fromRecord);
    }

    @Test
    void shouldChangeTheBytesWhenAMemberIsAdded() {
        String withExtra = new String(this.codec.toJson(this.manifest), StandardCharsets.UTF_8)
            .replace("\"kind\":", "\"extra\":true,\"kind\":");
        assertThat(this.codec.canonical(this.codec.parse(withExtra.getBytes(StandardCharsets.UTF_8))))
            .isNotEqualTo(this.codec.canonical(this.manifest));
    }
}
