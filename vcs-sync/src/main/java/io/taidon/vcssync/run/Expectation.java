package io.taidon.vcssync.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;

/**
 * The expectation convention of test files: a comment right before a statement, pgTAP-free.
 * <pre>
 * -- expect: error 23505          the statement must fail, with this SQLSTATE (or any error: "-- expect: error")
 * -- expect: rows 3               it must succeed and return (or affect) 3 rows
 * -- expect:                      it must return exactly this table: a header with the column names, a separator
 * --  name   | books              line of - and +, one line per row in order ("(n rows)" may follow and is
 * -- --------+-------             ignored); cells are compared as text after trimming: NULL is SQL NULL, an
 * --  Ursula | 2                  empty cell the empty string, booleans t/f or true/false; numbers and other
 * select name, count(*) ...       types as PostgreSQL prints them
 * </pre>
 * The table is psql's aligned output (copy it from a psql session, prefixing {@code -- }). Rows are compared in
 * order, so a query with an expected table should have an {@code ORDER BY}. Without an expectation a test
 * statement only has to succeed.
 */
public sealed interface Expectation {

    /** Marks an expectation, case-insensitively, at the start of a comment line. */
    Pattern MARKER = Pattern.compile("^\\s*--\\s*expect:(.*)$", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    /**
     * @param result the statement's result
     * @return whether it holds and, if not, why
     */
    Verdict check(SqlRunnerClient.Statement result);

    /** @return the kind in a report: {@code table}, {@code rows} or {@code error} */
    String kind();

    /**
     * @param passed whether the expectation holds
     * @param message what was expected and what came (for a failure), or a short confirmation
     */
    record Verdict(boolean passed, String message) {
    }

    /**
     * Finds the last expectation in the text before and including a statement (its leading comments).
     *
     * @param leading the script text from the end of the previous statement to the end of this one
     * @return the expectation, or null when there is none
     * @throws IllegalArgumentException with a message for the report when an expectation is malformed
     */
    static @Nullable Expectation parse(String leading) {
        Matcher marker = MARKER.matcher(leading);
        int start = -1;
        String rest = "";
        while (marker.find()) {
            start = marker.end();
            rest = marker.group(1).strip();
        }
        if (start < 0) {
            return null;
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("error")) {
            String state = rest.substring("error".length()).strip();
            if (!state.isEmpty() && !state.matches("[0-9A-Z]{5}")) {
                throw new IllegalArgumentException("'-- expect: error' takes an optional 5-character SQLSTATE.");
            }
            return new Error(state.isEmpty() ? null : state);
        }
        if (lower.startsWith("rows")) {
            try {
                return new RowCount(Long.parseLong(rest.substring("rows".length()).strip()));
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'-- expect: rows N' takes a number of rows.");
            }
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException(
                    "'-- expect:' is followed by 'error [SQLSTATE]', 'rows N', or nothing and a table below it.");
        }
        return Table.parse(leading.substring(start));
    }

    /**
     * @param sqlState the SQLSTATE required, or null for any error
     */
    record Error(@Nullable String sqlState) implements Expectation {

        @Override
        public Verdict check(SqlRunnerClient.Statement result) {
            if (!result.failed() || result.error() == null) {
                return new Verdict(false, "expected an error" + (this.sqlState == null ? "" : " " + this.sqlState)
                        + ", but the statement succeeded");
            }
            if (this.sqlState != null && !this.sqlState.equals(result.error().sqlState())) {
                return new Verdict(false, "expected error " + this.sqlState + ", got " + result.error().sqlState()
                        + ": " + result.error().message());
            }
            return new Verdict(true, "failed as expected with " + result.error().sqlState());
        }

        @Override
        public String kind() {
            return "error";
        }
    }

    /**
     * @param rows the row count required
     */
    record RowCount(long rows) implements Expectation {

        @Override
        public Verdict check(SqlRunnerClient.Statement result) {
            if (result.failed()) {
                return new Verdict(false, "expected " + this.rows + " rows, but the statement failed");
            }
            long actual = result.rowCount() == null ? 0 : result.rowCount();
            return actual == this.rows ? new Verdict(true, this.rows + " rows as expected")
                    : new Verdict(false, "expected " + this.rows + " rows, got " + actual);
        }

        @Override
        public String kind() {
            return "rows";
        }
    }

    /**
     * @param columns the column names, in order
     * @param rows the rows, each a list of cell texts ({@code null} for SQL NULL)
     */
    record Table(List<String> columns, List<List<@Nullable String>> rows) implements Expectation {

        private static final Pattern SEPARATOR = Pattern.compile("^[\\s+|-]*-[\\s+|-]*$");

        private static final Pattern FOOTER = Pattern.compile("^\\(\\d+ rows?\\)$");

        static Table parse(String after) {
            List<String> lines = new ArrayList<>();
            for (String line : after.split("\n", -1)) {
                String trimmed = line.strip();
                if (lines.isEmpty() && trimmed.isEmpty()) {
                    continue;
                }
                if (!trimmed.startsWith("--")) {
                    break;
                }
                String content = trimmed.substring(2);
                if (content.strip().isEmpty()) {
                    if (lines.isEmpty()) {
                        continue;
                    }
                    break;
                }
                lines.add(content);
            }
            if (lines.size() < 2 || !SEPARATOR.matcher(lines.get(1)).matches()) {
                throw new IllegalArgumentException("'-- expect:' needs a table below it: a header line, a line of"
                        + " - and +, then the rows (as psql prints them).");
            }
            // psql draws outer borders (\pset border 2) on every line or on none: the header tells, so that an
            // empty last cell ("2 | Ubik |") is not taken for a border
            boolean bordered = lines.getFirst().strip().startsWith("|");
            List<String> columns = cells(lines.getFirst(), bordered).stream().map(Objects::requireNonNull).toList();
            List<List<@Nullable String>> rows = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                if (FOOTER.matcher(line.strip()).matches()) {
                    break;
                }
                List<@Nullable String> cells = cells(line, bordered);
                if (cells.size() != columns.size()) {
                    throw new IllegalArgumentException("An expected row has " + cells.size() + " cells, the header "
                            + columns.size() + ".");
                }
                rows.add(cells.stream().map(cell -> "NULL".equals(cell) ? null : cell).toList());
            }
            return new Table(columns, rows);
        }

        private static List<@Nullable String> cells(String line, boolean bordered) {
            String body = line.strip();
            if (bordered && body.startsWith("|")) {
                body = body.substring(1);
            }
            if (bordered && body.endsWith("|")) {
                body = body.substring(0, body.length() - 1);
            }
            List<@Nullable String> cells = new ArrayList<>();
            for (String cell : body.split("\\|", -1)) {
                cells.add(cell.strip());
            }
            return cells;
        }

        @Override
        public Verdict check(SqlRunnerClient.Statement result) {
            if (result.failed()) {
                return new Verdict(false, "expected a table, but the statement failed: "
                        + (result.error() == null ? "" : result.error().sqlState() + " " + result.error().message()));
            }
            if (result.truncated()) {
                return new Verdict(false, "the result was cut at sql-runner's row or byte cap; expect fewer rows");
            }
            List<String> actualColumns = result.columns() == null ? List.of()
                    : result.columns().stream().map(SqlRunnerClient.Column::name).toList();
            if (!actualColumns.equals(this.columns)) {
                return new Verdict(false, "expected columns " + this.columns + ", got " + actualColumns);
            }
            List<List<JsonNode>> actualRows = result.rows() == null ? List.of() : result.rows();
            if (actualRows.size() != this.rows.size()) {
                return new Verdict(false, "expected " + this.rows.size() + " rows, got " + actualRows.size());
            }
            for (int r = 0; r < actualRows.size(); r++) {
                for (int c = 0; c < this.columns.size(); c++) {
                    String expected = this.rows.get(r).get(c);
                    JsonNode actual = actualRows.get(r).get(c);
                    if (!same(expected, actual)) {
                        return new Verdict(false, "row " + (r + 1) + ", column " + this.columns.get(c) + ": expected "
                                + (expected == null ? "NULL" : "'" + expected + "'") + ", got "
                                + (actual == null || actual.isNull() ? "NULL" : "'" + text(actual) + "'"));
                    }
                }
            }
            return new Verdict(true, this.rows.size() + " rows as expected");
        }

        @Override
        public String kind() {
            return "table";
        }

        private static boolean same(@Nullable String expected, @Nullable JsonNode actual) {
            if (actual == null || actual.isNull()) {
                return expected == null;
            }
            if (expected == null) {
                return false;
            }
            if (actual.isBoolean()) {
                boolean value = actual.asBoolean();
                return value ? expected.equals("t") || expected.equals("true")
                        : expected.equals("f") || expected.equals("false");
            }
            return text(actual).strip().equals(expected);
        }

        private static String text(JsonNode value) {
            return value.isString() ? value.asString() : value.toString();
        }
    }
}
