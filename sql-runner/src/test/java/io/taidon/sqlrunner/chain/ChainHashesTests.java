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
        byte[] h0 = sha.digest("taidon-chain/v118fp-1".getBytes(StandardCharsets.UTF_8));
        sha.reset();
        sha.update(h0);
        sha.update(new byte[] { 0 });
        byte[] h1 = sha.digest("select 'é';".getBytes(StandardCharsets.UTF_8));

        String root = ChainHashes.root(18, "fp-1");
        assertThat(root).isEqualTo(HexFormat.of().formatHex(h0));
        assertThat(ChainHashes.next(root, "  \n select 'é';\t")).isEqualTo(HexFormat.of().formatHex(h1));
    }

    @Test
    void shouldMatchAKnownAnswer() {
        // SHA-256("taidon-chain/v118default"), computed with: printf 'taidon-chain/v118default' | sha256sum
        assertThat(ChainHashes.root(18, "default"))
            .isEqualTo("0f24443a5a9777e0c5d46a169a1b31cda8da60b0b814087f48acb48787946809");
    }

    @Test
    void shouldChangeEveryLaterHashWhenAnEarlierStatementChanges() {
        String root = ChainHashes.root(18, "default");
        List<String> a = ChainHashes.chain(root, List.of("create table t(a int);", "insert into t values (1);", "select * from t;"));
        List<String> b = ChainHashes.chain(root, List.of("create table t(a bigint);", "insert into t values (1);", "select * from t;"));
        List<String> c = ChainHashes.chain(root, List.of("create table t(a int);", "insert into t values (1);", "select 1;"));
        assertThat(a).hasSize(3).doesNotContainAnyElementsOf(b);
        assertThat(c.subList(0, 2)).isEqualTo(a.subList(0, 2));
        assertThat(c.get(2)).isNotEqualTo(a.get(2));
        assertThat(ChainHashes.chain(ChainHashes.root(17, "default"), List.of("create table t(a int);")).getFirst())
            .isNotEqualTo(a.getFirst());
        assertThat(a).allSatisfy(h -> assertThat(h).matches("[0-9a-f]{64}"));
    }
}
