package io.taidon.sqlrunner.execution;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.taidon.sqlrunner.script.ScriptStatement;
import io.taidon.sqlrunner.script.StatementKind;

/**
 * Which statements give the same result inside a transaction block that is rolled back as in autocommit. Excluded:
 * transaction control, statements PostgreSQL refuses inside a block ({@code VACUUM}, {@code CREATE/DROP DATABASE},
 * {@code … CONCURRENTLY}, {@code ALTER SYSTEM}, tablespaces, subscriptions, {@code REINDEX}/{@code CLUSTER} of many
 * tables, {@code DISCARD ALL}), statements that answer differently there ({@code LOCK}, {@code DECLARE},
 * {@code SET LOCAL/TRANSACTION/CONSTRAINTS}), procedures and {@code DO} blocks (they may commit), and {@code LOAD}
 * (not undone by a rollback). When in doubt a statement is excluded; an excluded head just takes the slower path.
 */
public final class TransactionBlocks {

    private static final Set<String> FIRST_WORDS = Set.of("begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "prepare", "vacuum", "call", "do", "lock", "declare", "discard", "load", "reindex",
            "cluster", "checkpoint");

    private static final Set<String> SECOND_WORDS = Set.of("database", "tablespace", "subscription", "system",
            "local", "transaction", "constraints", "session");

    private static final Pattern CONCURRENTLY = Pattern.compile("\\bconcurrently\\b");

    private TransactionBlocks() {
    }

    /**
     * @param statement a statement of a script
     * @return whether running it as {@code BEGIN; SET CONSTRAINTS ALL IMMEDIATE; <statement>; ROLLBACK} gives the
     *         result it gives in autocommit; true for what is never sent (meta-commands, lexical errors, comments)
     */
    public static boolean sameInRolledBackBlock(ScriptStatement statement) {
        if (statement.kind() == StatementKind.META || statement.kind() == StatementKind.EMPTY
                || statement.error() != null) {
            return true;
        }
        List<String> words = CommandTags.leadingWords(statement.sql(), 3);
        if (words.isEmpty()) {
            return !mentionsConcurrently(statement.sql());
        }
        if (FIRST_WORDS.contains(words.getFirst())) {
            return false;
        }
        if (words.size() > 1 && SECOND_WORDS.contains(words.get(1))
                && Set.of("create", "drop", "alter", "set").contains(words.getFirst())) {
            return false;
        }
        return !mentionsConcurrently(statement.sql());
    }

    private static boolean mentionsConcurrently(String sql) {
        return CONCURRENTLY.matcher(sql.toLowerCase(Locale.ROOT)).find();
    }
}
