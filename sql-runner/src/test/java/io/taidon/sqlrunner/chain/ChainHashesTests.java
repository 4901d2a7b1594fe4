package io.taidon.sqlrunner.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainHashesTests {

    @Test
    void shouldMatchAHashComputedByHandFromTheDefinition() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] h0 = sha.digest("taidon-chain/v218fp-1\0empty".getBytes(StandardCharsets.UTF_8));
        sha.reset();
        sha.update(h0);
        sha.update(new byte[] { 0 });
        byte[] h1 = sha.digest("select 'é';".getBytes(StandardCharsets.UTF_8));

        String root = ChainHashes.root(18, "fp-1", ChainHashes.EMPTY_BASE);
        assertThat(root).isEqualTo(HexFormat.of().formatHex(h0));
        assertThat(ChainHashes.next(root, "  \n select 'é';\t")).isEqualTo(HexFormat.of().formatHex(h1));
    }

    @Test
    void shouldMatchKnownAnswers() {
        // the v2 vectors replace v1's (which had no base) on purpose; computed with:
        // printf 'taidon-chain/v218default\0empty' | sha256sum
        assertThat(ChainHashes.root(18, "default", ChainHashes.EMPTY_BASE))
            .isEqualTo("2f50ce14fcdbca3f4c2a3575a681f84ac4df3e0d706ca789a74318cae6e4f7db");
        // printf 'taidon-chain/v218default\0sha256:00' | sha256sum
        assertThat(ChainHashes.root(18, "default", "sha256:00"))
            .isEqualTo("2eaeb9f2cda5d6768a098566d93107826ab4cde7751de3be999856877a0b42b4");
    }

    @Test
    void shouldChangeEveryLaterHashWhenAnEarlierStatementChanges() {
        String root = ChainHashes.root(18, "default", ChainHashes.EMPTY_BASE);
        List<String> a = ChainHashes.chain(root, List.of("create table t(a int);", "insert into t values (1);", "select * from t;"));
        List<String> b = ChainHashes.chain(root, List.of("create table t(a bigint);", "insert into t values (1);", "select * from t;"));
        List<String> c = ChainHashes.chain(root, List.of("create table t(a int);", "insert into t values (1);", "select 1;"));
        assertThat(a).hasSize(3).doesNotContainAnyElementsOf(b);
        assertThat(c.subList(0, 2)).isEqualTo(a.subList(0, 2));
        assertThat(c.get(2)).isNotEqualTo(a.get(2));
        assertThat(ChainHashes.chain(ChainHashes.root(17, "default", ChainHashes.EMPTY_BASE),
                List.of("create table t(a int);")).getFirst())
            .isNotEqualTo(a.getFirst());
        // the same script on another base never shares a hash
        assertThat(ChainHashes.chain(ChainHashes.root(18, "default", "sha256:00"), List.of("create table t(a int);"))
            .getFirst()).isNotEqualTo(a.getFirst());
        assertThat(a).allSatisfy(h -> assertThat(h).matches("[0-9a-f]{64}"));
    }
}
