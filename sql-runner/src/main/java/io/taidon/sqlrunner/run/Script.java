package io.taidon.sqlrunner.run;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.sqlrunner.chain.ChainHashes;
import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;

/**
 * A script split for a run: either whole, or only after the tail a kept session recognised ({@code prefix}
 * non-null; then {@link #statements()} holds nulls for the tail's statements, which such a run never reads).
 *
 * @param sql the script
 * @param root {@code h_0}
 * @param statements statements {@code 1 … n}
 * @param hashes {@code h_1 … h_n}
 * @param prefix the kept session's tail, when the script was split after it
 */
record Script(String sql, String root, List<ScriptStatement> statements, List<String> hashes,
        @Nullable ScriptPrefix prefix) {

    /**
     * @throws InvalidRequestException for a script without statements or with text PostgreSQL cannot receive
     */
    static Script whole(String sql, String root) {
        List<ScriptStatement> statements = ScriptSplitter.split(sql);
        if (statements.isEmpty()) {
            throw new InvalidRequestException("invalid-sql", "The script holds no statement.");
        }
        return new Script(sql, root, statements,
                ChainHashes.chain(root, statements.stream().map(ScriptStatement::text).toList()), null);
    }

    /**
     * @param prefix a kept tail the script starts with ({@link ScriptPrefix#matches})
     * @return the script split after the prefix when exactly one statement (a new head) follows it, else null
     */
    static @Nullable Script after(String sql, ScriptPrefix prefix, String root) {
        List<ScriptStatement> rest = ScriptSplitter.splitAfter(sql, prefix.last());
        if (rest.size() != 1) {
            return null;
        }
        ScriptStatement head = rest.getFirst();
        List<ScriptStatement> statements = new ArrayList<>(prefix.hashes().size() + 1);
        for (int i = 0; i < prefix.hashes().size(); i++) {
            statements.add(null);
        }
        statements.add(head);
        List<String> hashes = new ArrayList<>(prefix.hashes());
        hashes.add(ChainHashes.next(prefix.tailHash(), head.text()));
        return new Script(sql, root, statements, hashes, prefix);
    }

    /** @return this script split whole (the tail's statements are needed) */
    Script whole() {
        return this.prefix == null ? this : whole(this.sql, this.root);
    }

    int tail() {
        return this.statements.size() - 1;
    }

    /** @return the chain hash of the tail's point: {@code h_tail}, or {@code h_0} without a tail */
    String tailKey() {
        int tail = tail();
        return tail == 0 ? this.root : this.hashes.get(tail - 1);
    }

    ScriptStatement head() {
        return this.statements.getLast();
    }

    /** @return positions of the script's statements; after a prefix, only from the tail's end on */
    ScriptPositions positions() {
        if (this.prefix == null) {
            return new ScriptPositions(this.sql);
        }
        ScriptStatement.Boundary boundary = this.prefix.last().boundary();
        return new ScriptPositions(this.sql, boundary.offset(), boundary.line(), boundary.lineStart());
    }
}
