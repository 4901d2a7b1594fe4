package io.taidon.sqlrunner.execution;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one statement did.
 *
 * @param index 1-based index of the statement in the script
 * @param sql the statement text (without {@code COPY} inline data)
 * @param status {@code ok} or {@code error}
 * @param commandTag the command tag psql would print ({@code SELECT 3}, {@code INSERT 0 1}, {@code CREATE TABLE});
 *        derived from the statement's leading keywords and the row count (pgjdbc does not expose the server's tag)
 * @param rowCount rows returned (capped) or affected; null when the command has no count
 * @param columns result columns, empty when the statement returns no rows
 * @param rows rows as JSON values: booleans and integer types as JSON booleans/numbers, json/jsonb as JSON,
 *        everything else as PostgreSQL's text output (numeric exact, bytea {@code \x…} hex, arrays, intervals and
 *        timestamps as the session's {@code DateStyle}/{@code IntervalStyle} print them); SQL NULL as JSON null
 * @param truncated whether rows or bytes were cut at the runner's caps
 * @param notices notices and warnings the server sent, as {@code SEVERITY: message}
 * @param error why the statement failed, null when it succeeded
 * @param durationMs wall-clock time of the statement in milliseconds
 * @param source where the result came from
 */
public record StatementResult(int index, String sql, String status, @Nullable String commandTag,
        @Nullable Long rowCount, List<ColumnInfo> columns, List<List<JsonNode>> rows, boolean truncated,
        List<String> notices, @Nullable StatementError error, long durationMs, StatementSource source) {

    /** Status of a statement that succeeded. */
    public static final String OK = "ok";

    /** Status of a statement that failed. */
    public static final String ERROR = "error";

    /**
     * @param newSource the source to report
     * @return this result with another source
     */
    public StatementResult withSource(StatementSource newSource) {
        return new StatementResult(this.index, this.sql, this.status, this.commandTag, this.rowCount, this.columns,
                this.rows, this.truncated, this.notices, this.error, this.durationMs, newSource);
    }

    /**
     * The result as a part of a longer script reports it: for a console call, whose statements follow the journal.
     *
     * @param statementsBefore statements of the script before the part (subtracted from {@link #index()})
     * @param linesBefore lines of the script before the part (subtracted from the error's line; the part starts at
     *        the beginning of a line, so columns stay)
     * @return this result with index and error line relative to the part
     */
    public StatementResult relativeTo(int statementsBefore, int linesBefore) {
        StatementError shifted = this.error == null || this.error.line() == null ? this.error
                : new StatementError(this.error.sqlState(), this.error.message(), this.error.detail(),
                        this.error.hint(), this.error.position(), this.error.line() - linesBefore, this.error.column());
        return new StatementResult(this.index - statementsBefore, this.sql, this.status, this.commandTag,
                this.rowCount, this.columns, this.rows, this.truncated, this.notices, shifted, this.durationMs,
                this.source);
    }

    /**
     * @param notice a notice to add, as {@code SEVERITY: message}
     * @return this result with the notice after its others
     */
    public StatementResult withNotice(String notice) {
        List<String> more = new ArrayList<>(this.notices);
        more.add(notice);
        return new StatementResult(this.index, this.sql, this.status, this.commandTag, this.rowCount, this.columns,
                this.rows, this.truncated, List.copyOf(more), this.error, this.durationMs, this.source);
    }

    /**
     * @return the bytes this result holds as the runner counts them against its caps: 4 per value plus the value's
     *         length in UTF-16 code units, plus each notice's length
     */
    public long heldBytes() {
        long bytes = 0;
        for (List<JsonNode> row : this.rows) {
            for (JsonNode value : row) {
                bytes += 4 + (value.isString() ? value.asString().length() : value.isNull() ? 0 : value.toString().length());
            }
        }
        for (String notice : this.notices) {
            bytes += notice.length();
        }
        return bytes;
    }

    /** @return whether the statement failed */
    public boolean failed() {
        return ERROR.equals(this.status);
    }
}
