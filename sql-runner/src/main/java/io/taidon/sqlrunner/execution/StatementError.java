package io.taidon.sqlrunner.execution;

import org.jspecify.annotations.Nullable;

/**
 * Why a statement failed: the server's error fields (PostgreSQL protocol "Error and Notice Message Fields"), or a
 * runner error with a SQLSTATE-style code.
 *
 * @param sqlState five-character SQLSTATE ({@code 42601} syntax error, {@code 57014} canceled, {@code 0A000} not
 *        supported, …)
 * @param message the primary message
 * @param detail the optional detail
 * @param hint the optional hint
 * @param position 1-based character position in the statement, when the server gave one
 * @param line 1-based line of that position in the whole script
 * @param column 1-based column (code points) of that position in the whole script
 */
public record StatementError(String sqlState, String message, @Nullable String detail, @Nullable String hint,
        @Nullable Integer position, @Nullable Integer line, @Nullable Integer column) {

    /**
     * @param sqlState SQLSTATE
     * @param message message
     * @return an error without position
     */
    public static StatementError of(String sqlState, String message) {
        return new StatementError(sqlState, message, null, null, null, null, null);
    }
}
