package io.taidon.sqlrunner.execution;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

import io.taidon.sqlrunner.script.ScriptPositions;
import io.taidon.sqlrunner.script.ScriptStatement;
import io.taidon.sqlrunner.script.StatementKind;

/**
 * One learner session on a sandbox, executing statements one at a time the way {@code psql -X} does without
 * {@code ON_ERROR_STOP}: autocommit unless the script opens a transaction, a failing statement reports its error and
 * the next one runs. Not thread-safe; one run uses one session.
 * <p>
 * The connection reads every value as the server's text output ({@code binaryTransfer=false}) and never
 * server-prepares ({@code prepareThreshold=0}, so {@code pg_prepared_statements} holds only the learner's own).
 */
public final class LearnerSession implements AutoCloseable {

    private static final String STATE_QUERY = """
            select (select count(*) from pg_class where relnamespace = pg_my_temp_schema()),
                   (select count(*) from pg_cursors where name <> ''),
                   (select count(*) from pg_prepared_statements where from_sql),
                   (select count(*) from pg_locks where pid = pg_backend_pid() and locktype = 'advisory'),
                   (select count(*) from pg_listening_channels())""";

    private static final String CLEAN_QUERY = """
            select (select coalesce(json_object_agg(name, setting order by name), '{}')::text
                      from pg_settings where source = 'session'),
                   (select count(*) from pg_class where relnamespace = pg_my_temp_schema()),
                   (select count(*) from pg_cursors where name <> ''),
                   (select count(*) from pg_prepared_statements where from_sql),
                   (select count(*) from pg_locks where pid = pg_backend_pid() and locktype = 'advisory'),
                   (select count(*) from pg_listening_channels()),
                   (select coalesce(string_agg(s.seqrelid || ':' || coalesce(
                               case when not pg_is_other_temp_schema(c.relnamespace)
                                         and has_sequence_privilege(s.seqrelid, 'SELECT')
                                    then pg_sequence_last_value(s.seqrelid)::text end, '-'),
                               ',' order by s.seqrelid), '')
                      from pg_sequence s join pg_class c on c.oid = s.seqrelid)""";

    /** psql's variable and conditional meta-commands (psql's manual, "Meta-Commands"). */
    private static final Set<String> PSQL_VARIABLES = Set.of("\\set", "\\unset", "\\gset",
            "\\if", "\\elif", "\\else", "\\endif", "\\getenv", "\\prompt");

    private final Connection connection;

    private final ExecutionLimits limits;

    private final ScheduledExecutorService timer;

    private final ResultLimit resultLimit;

    private @Nullable String endedBecause;

    private LearnerSession(Connection connection, ExecutionLimits limits, ScheduledExecutorService timer,
            ResultLimit resultLimit) {
        this.connection = connection;
        this.limits = limits;
        this.timer = timer;
        this.resultLimit = resultLimit;
    }

    /**
     * @param target where to connect as the learner
     * @param limits the runner's caps and deadlines
     * @param timer schedules cancellation at deadlines
     * @return an open session in autocommit mode
     * @throws SQLException when the sandbox does not accept the connection
     */
    public static LearnerSession open(SandboxTarget target, ExecutionLimits limits, ScheduledExecutorService timer)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.username());
        properties.setProperty("password", target.password());
        properties.setProperty("binaryTransfer", "false");
        properties.setProperty("prepareThreshold", "0");
        properties.setProperty("sslmode", "disable");
        properties.setProperty("gssEncMode", "disable");
        properties.setProperty("allowEncodingChanges", "true");
        properties.setProperty("ApplicationName", "taidon-sql-runner");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketFactory", LearnerSocketFactory.class.getName());
        String url = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.database();
        ResultLimit resultLimit = new ResultLimit();
        Connection connection = LearnerSocketFactory.connect(resultLimit,
                () -> DriverManager.getConnection(url, properties));
        connection.setAutoCommit(true);
        return new LearnerSession(connection, limits, timer, resultLimit);
    }

    /** @return whether the session can still run statements */
    public boolean alive() {
        return this.endedBecause == null;
    }

    /**
     * Executes one statement with no budget for the run as a whole (each statement is still capped by
     * {@link ExecutionLimits#maxRows()} and {@link ExecutionLimits#maxBytes()}).
     *
     * @see #execute(ScriptStatement, ScriptPositions, Instant, ResultBudget)
     */
    public StatementResult execute(ScriptStatement statement, ScriptPositions positions, Instant runDeadline) {
        return execute(statement, positions, runDeadline, ResultBudget.unlimited());
    }

    /**
     * Executes one statement. Never throws for what the statement does: failures are in the result. Its rows,
     * {@code COPY … TO STDOUT} lines and notices are capped before the driver holds them: at most
     * {@link ExecutionLimits#maxRows()} rows and the smaller of {@link ExecutionLimits#maxBytes()} and what is left of
     * {@code budget} (bytes counted as {@link StatementResult#heldBytes()} does), then {@code truncated}; at most
     * {@value ResultLimit#MAX_NOTICES} notices of {@value ResultLimit#MAX_NOTICE_BYTES} bytes in all. The statement
     * always runs in full unless it outlives its deadline: the smallest of {@link ExecutionLimits#statementTimeout()},
     * {@link ResultBudget#statementTimeout()} (the learner's quota) and what is left until {@code runDeadline}. Then
     * it is canceled, and its connection closed after {@link ExecutionLimits#cancelGrace()}; it fails with
     * {@code 57014} and a message naming the limit ({@code your statement time limit of N ms} for the learner's).
     *
     * @param statement the statement
     * @param positions positions of the whole script (maps the server's error position to line and column)
     * @param runDeadline when the whole run must end
     * @param budget what the run may still hold, charged with this statement's result, and the learner's own
     *        statement time limit
     * @return the statement's result, {@code source = executed}
     */
    public StatementResult execute(ScriptStatement statement, ScriptPositions positions, Instant runDeadline,
            ResultBudget budget) {
        long started = System.nanoTime();
        long left = budget.remaining();
        long cap = budget.reserve(this.limits.maxBytes());
        Outcome outcome = new Outcome(statement, cap);
        StatementResult result = executeCapped(statement, positions, runDeadline, budget, outcome, started);
        if (result.truncated() && cap < this.limits.maxBytes()) {
            result = result.withNotice(cap < Math.min(left, this.limits.maxBytes())
                    ? "NOTICE: Taidon: rows not shown: the runner holds as many results as it can right now;"
                            + " the statement ran in full, run it again later to see them"
                    : "NOTICE: Taidon: rows not shown beyond the run's limit of " + budget.limit() / 1024
                            + " kB of results; the statement ran in full");
        }
        budget.settle(cap, result.heldBytes());
        return result;
    }

    private StatementResult executeCapped(ScriptStatement statement, ScriptPositions positions, Instant runDeadline,
            ResultBudget limits, Outcome outcome, long started) {
        if (statement.kind() == StatementKind.EMPTY) {
            return outcome.finish(started);
        }
        if (statement.kind() == StatementKind.META) {
            String command = statement.sql().split("\\s+", 2)[0];
            String message = "psql meta-command " + command + " is not supported: Taidon runs SQL statements only";
            if (PSQL_VARIABLES.contains(command)) {
                message += "; psql variables and conditionals are not either: a later :name, :'name' or :\"name\""
                        + " is sent as it is, so write the value into the statement";
            }
            outcome.error = at(StatementError.of("0A000", message), statement, positions);
            return outcome.finish(started);
        }
        if (statement.error() != null) {
            outcome.error = at(StatementError.of("42601", statement.error()), statement, positions);
            return outcome.finish(started);
        }
        if (this.endedBecause != null) {
            outcome.error = at(StatementError.of("08003", this.endedBecause), statement, positions);
            return outcome.finish(started);
        }
        Duration left = Duration.between(Instant.now(), runDeadline);
        if (left.isNegative() || left.isZero()) {
            outcome.error = at(StatementError.of("57014", "not run: the run reached its time limit"), statement,
                    positions);
            return outcome.finish(started);
        }
        // the learner's own limit (user-profile's quota) when it is the smallest, else the runner's, else the run's
        Duration perStatement = this.limits.statementTimeout();
        Duration quota = limits.statementTimeout();
        boolean byQuota = quota != null && quota.compareTo(perStatement) < 0 && quota.compareTo(left) <= 0;
        if (quota != null && quota.compareTo(perStatement) < 0) {
            perStatement = quota;
        }
        Duration budget = left.compareTo(perStatement) < 0 ? left : perStatement;
        AtomicBoolean canceled = new AtomicBoolean();
        AtomicBoolean aborted = new AtomicBoolean();
        ScheduledFuture<?> cancel = this.timer.schedule(() -> {
            canceled.set(true);
            try {
                this.connection.unwrap(PGConnection.class).cancelQuery();
            }
            catch (SQLException ignored) {
                // the abort below ends it
            }
        }, budget.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> abort = this.timer.schedule(() -> {
            aborted.set(true);
            try {
                this.connection.abort(Runnable::run);
            }
            catch (SQLException ignored) {
                // already closed
            }
        }, budget.plus(this.limits.cancelGrace()).toMillis(), TimeUnit.MILLISECONDS);
        // the driver sees at most this many bytes of rows: UTF-8 takes up to 3 bytes for a UTF-16 code unit, and a
        // DataRow adds 2 bytes to the 4 per value counted here
        this.resultLimit.open(3 * outcome.cap + 2L * (this.limits.maxRows() + 1) + 65536);
        try {
            run(statement, outcome);
        }
        catch (SQLException ex) {
            outcome.error = at(withVariableHint(toError(ex), statement), statement, positions);
            if (canceled.get()) {
                String limit = byQuota ? "your statement time limit of " : "the runner's time limit of ";
                outcome.error = at(new StatementError("57014",
                        "canceled: the statement exceeded " + limit + budget.toMillis() + " ms",
                        null, null, null, null, null), statement, positions);
                if (byQuota) {
                    limits.canceledAtStatementTimeout();
                }
            }
            if (aborted.get() || isConnectionFailure(ex)) {
                this.endedBecause = "not run: the session ended at statement " + statement.index()
                        + (aborted.get() ? " (time limit)" : " (connection lost)");
            }
        }
        finally {
            cancel.cancel(false);
            abort.cancel(false);
            this.resultLimit.close();
            collectNotices(outcome);
            if (this.resultLimit.dropped()) {
                outcome.truncated = true;
            }
            if (this.resultLimit.droppedNotices() > 0) {
                outcome.notices.add("NOTICE: Taidon: " + this.resultLimit.droppedNotices() + " more notices not shown");
            }
        }
        return outcome.finish(started);
    }

    private void run(ScriptStatement statement, Outcome outcome) throws SQLException {
        try {
            runOrCopy(statement, outcome);
        }
        catch (IOException ex) {
            throw new SQLException("COPY data could not be streamed: " + ex.getMessage(), "08006", ex);
        }
    }

    private void runOrCopy(ScriptStatement statement, Outcome outcome) throws SQLException, IOException {
        List<String> words = CommandTags.leadingWords(statement.sql(), 12);
        if (statement.kind() == StatementKind.COPY_FROM_STDIN) {
            String data = statement.copyData() == null ? "" : statement.copyData();
            long rows = this.connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(statement.sql(), new StringReader(data));
            outcome.count(rows, false);
            return;
        }
        if (CommandTags.isCopyToStdout(statement.sql())) {
            StringWriter out = new StringWriter();
            long rows = this.connection.unwrap(PGConnection.class).getCopyAPI().copyOut(statement.sql(), out);
            outcome.columns = List.of(new ColumnInfo("copy", "text"));
            for (String line : out.toString().split("\n")) {
                if (outcome.rows.size() >= rows) {
                    break;
                }
                if (!outcome.add(List.of(JsonNodeFactory.instance.stringNode(line)), 4 + line.length())) {
                    break;
                }
            }
            outcome.count(rows, false);
            return;
        }
        try (Statement jdbc = this.connection.createStatement()) {
            jdbc.setEscapeProcessing(false);
            jdbc.setMaxRows(this.limits.maxRows() + 1);
            boolean hasRows = jdbc.execute(statement.sql());
            try {
                while (true) {
                    if (hasRows) {
                        try (ResultSet resultSet = jdbc.getResultSet()) {
                            outcome.resetRows();
                            read(resultSet, outcome);
                        }
                        outcome.count((long) outcome.rows.size(), true);
                    }
                    else {
                        long updated = jdbc.getLargeUpdateCount();
                        if (updated == -1) {
                            break;
                        }
                        outcome.resetRows();
                        outcome.count(updated, false);
                    }
                    hasRows = jdbc.getMoreResults();
                }
            }
            finally {
                outcome.warnings(jdbc.getWarnings());
            }
        }
    }

    private void read(ResultSet resultSet, Outcome outcome) throws SQLException {
        ResultSetMetaData meta = resultSet.getMetaData();
        int count = meta.getColumnCount();
        List<ColumnInfo> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(new ColumnInfo(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
        }
        outcome.columns = columns;
        while (resultSet.next()) {
            List<JsonNode> row = new ArrayList<>(count);
            long bytes = 0;
            for (int i = 1; i <= count; i++) {
                String text = resultSet.getString(i);
                bytes += 4 + (text == null ? 0 : text.length());
                row.add(render(text, columns.get(i - 1).type()));
            }
            if (!outcome.add(row, bytes)) {
                return;
            }
        }
    }

    /**
     * @param text the server's text output of a value, or null
     * @param type PostgreSQL type name
     * @return the JSON rendering (see {@link StatementResult#rows()})
     */
    static JsonNode render(@Nullable String text, String type) {
        if (text == null) {
            return NullNode.getInstance();
        }
        switch (type) {
            case "bool":
                return BooleanNode.valueOf(text.equals("t") || text.equals("true"));
            case "int2", "int4", "int8", "oid":
                try {
                    return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
                }
                catch (NumberFormatException ex) {
                    return JsonNodeFactory.instance.stringNode(text);
                }
            case "json", "jsonb":
                try {
                    return ResultJson.MAPPER.readTree(text);
                }
                catch (JacksonException ex) {
                    return JsonNodeFactory.instance.stringNode(text);
                }
            default:
                return JsonNodeFactory.instance.stringNode(text);
        }
    }

    private void collectNotices(Outcome outcome) {
        try {
            outcome.warnings(this.connection.getWarnings());
            this.connection.clearWarnings();
        }
        catch (SQLException ignored) {
            // a closed connection has no more notices
        }
    }

    /**
     * @return the session's state at this point: changed settings and whether a layer here restores it
     */
    public SessionState state() {
        if (this.endedBecause != null) {
            return new SessionState(Map.of(), "the session ended");
        }
        try {
            TransactionState transaction = this.connection.unwrap(BaseConnection.class).getTransactionState();
            if (transaction != TransactionState.IDLE) {
                return new SessionState(Map.of(), transaction == TransactionState.FAILED ? "a failed transaction"
                        : "an open transaction");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            try (Statement jdbc = this.connection.createStatement()) {
                try (ResultSet rs = jdbc.executeQuery(
                        "select name, setting from pg_settings where source = 'session' order by name")) {
                    while (rs.next()) {
                        settings.put(rs.getString(1), rs.getString(2));
                    }
                }
                try (ResultSet rs = jdbc.executeQuery(STATE_QUERY)) {
                    rs.next();
                    String[] what = { "temporary objects", "open cursors", "prepared statements", "advisory locks",
                            "LISTEN" };
                    for (int i = 0; i < what.length; i++) {
                        if (rs.getLong(i + 1) > 0) {
                            return new SessionState(settings, "the session holds " + what[i]);
                        }
                    }
                }
            }
            this.connection.clearWarnings();
            return new SessionState(settings, null);
        }
        catch (SQLException ex) {
            return new SessionState(Map.of(), "the session state could not be read");
        }
    }

    /**
     * Reads what must be unchanged for this session to stand for a fresh session at the same database state: the
     * session's settings, whether it holds anything a layer cannot restore, and the on-disk state of every sequence
     * the learner can read (sequence changes are not undone by {@code ROLLBACK}). One round trip.
     *
     * @return the state, never for an ended session
     * @throws SQLException when the session is not idle (open or failed transaction) or cannot be read
     */
    public CleanState cleanState() throws SQLException {
        if (this.endedBecause != null) {
            throw new SQLException(this.endedBecause, "08003");
        }
        if (this.connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
            throw new SQLException("the session is inside a transaction", "25001");
        }
        try (Statement jdbc = this.connection.createStatement(); ResultSet rs = jdbc.executeQuery(CLEAN_QUERY)) {
            rs.next();
            Map<String, String> settings = new LinkedHashMap<>();
            ResultJson.MAPPER.readTree(rs.getString(1)).properties()
                .forEach(entry -> settings.put(entry.getKey(), entry.getValue().asString()));
            boolean restorable = true;
            for (int i = 2; i <= 6; i++) {
                restorable &= rs.getLong(i) == 0;
            }
            this.connection.clearWarnings();
            return new CleanState(settings, restorable, rs.getString(7));
        }
    }

    /**
     * Opens the transaction a head runs in when it is rolled back afterwards ({@code BEGIN; SET CONSTRAINTS ALL
     * IMMEDIATE}, so that a deferred constraint fails on the statement itself as it would at its implicit commit).
     *
     * @throws SQLException when the session is not idle or the connection fails
     */
    public void beginHead() throws SQLException {
        if (this.endedBecause != null) {
            throw new SQLException(this.endedBecause, "08003");
        }
        if (this.connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
            throw new SQLException("the session is inside a transaction", "25001");
        }
        try (Statement jdbc = this.connection.createStatement()) {
            jdbc.execute("BEGIN; SET CONSTRAINTS ALL IMMEDIATE");
        }
        this.connection.clearWarnings();
    }

    /**
     * Rolls back the transaction of {@link #beginHead()} and forgets the session's sequence values
     * ({@code currval}/{@code lastval} survive a rollback).
     *
     * @throws SQLException when the session ended or the connection fails
     */
    public void rollbackHead() throws SQLException {
        if (this.endedBecause != null) {
            throw new SQLException(this.endedBecause, "08003");
        }
        try (Statement jdbc = this.connection.createStatement()) {
            jdbc.execute("ROLLBACK");
            jdbc.execute("DISCARD SEQUENCES");
        }
        this.connection.clearWarnings();
    }

    /**
     * Re-applies settings recorded at a cache point ({@code set_config(name, value, false)}).
     *
     * @param settings name to value
     * @throws SQLException when a setting cannot be applied
     */
    public void applySettings(Map<String, String> settings) throws SQLException {
        try (PreparedStatement set = this.connection.prepareStatement("select set_config(?, ?, false)")) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                set.setString(1, setting.getKey());
                set.setString(2, setting.getValue());
                set.execute();
            }
        }
        this.connection.clearWarnings();
    }

    /**
     * Asks the server to cancel the statement running now, if any (PostgreSQL's cancel request, from another
     * thread); the statement then fails with SQLSTATE {@code 57014}.
     */
    public void cancelCurrent() {
        try {
            this.connection.unwrap(PGConnection.class).cancelQuery();
        }
        catch (SQLException ex) {
            // the connection is gone: nothing runs any more
        }
    }

    @Override
    public void close() {
        try {
            this.connection.close();
        }
        catch (SQLException ignored) {
            // nothing to release
        }
    }

    /**
     * @return the error with a hint when the server's syntax error points at what psql would take for a variable
     *         ({@code :name}, {@code :'name'}, {@code :"name"}; psql's manual, "SQL Interpolation")
     */
    private static StatementError withVariableHint(StatementError error, ScriptStatement statement) {
        Integer position = error.position();
        if (!"42601".equals(error.sqlState()) || position == null || error.hint() != null) {
            return error;
        }
        String sql = statement.sql();
        int codePoints = sql.codePointCount(0, sql.length());
        int at = sql.offsetByCodePoints(0, Math.min(position - 1, codePoints));
        // the server points at the variable's first character or at the colon before it
        int colon = at < sql.length() && sql.charAt(at) == ':' ? at : at > 0 && sql.charAt(at - 1) == ':' ? at - 1 : -1;
        if (colon < 0 || colon + 1 >= sql.length() || (colon > 0 && sql.charAt(colon - 1) == ':')) {
            return error;
        }
        char next = sql.charAt(colon + 1);
        if (!(Character.isLetter(next) || next == '_' || next == '\'' || next == '"')) {
            return error;
        }
        return new StatementError(error.sqlState(), error.message(), error.detail(),
                "This looks like a psql variable: Taidon does not substitute psql variables (\\set); write the value"
                        + " into the statement.",
                error.position(), error.line(), error.column());
    }

    private static boolean isConnectionFailure(SQLException ex) {
        String state = ex.getSQLState();
        return state != null && state.startsWith("08");
    }

    private static StatementError toError(SQLException ex) {
        ServerErrorMessage server = ex instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null) {
            String state = ex.getSQLState() == null ? "XX000" : ex.getSQLState();
            return StatementError.of(state, ex.getMessage() == null ? "statement failed" : ex.getMessage());
        }
        int position = server.getPosition();
        return new StatementError(server.getSQLState(), server.getMessage(), server.getDetail(), server.getHint(),
                position > 0 ? position : null, null, null);
    }

    /** Maps a statement-relative position (1-based characters) to line and column of the script. */
    private static StatementError at(StatementError error, ScriptStatement statement, ScriptPositions positions) {
        int offset = statement.startOffset() + (statement.text().length() - statement.text().stripLeading().length());
        if (error.position() != null) {
            String sql = statement.sql();
            int codePoints = sql.codePointCount(0, sql.length());
            int within = sql.offsetByCodePoints(0, Math.min(error.position() - 1, codePoints));
            offset = statement.startOffset() + within;
        }
        return new StatementError(error.sqlState(), error.message(), error.detail(), error.hint(), error.position(),
                positions.line(offset), positions.column(offset));
    }

    /** The result being built. */
    private final class Outcome {

        private final ScriptStatement statement;

        /** bytes of rows this statement may hold */
        private final long cap;

        private List<ColumnInfo> columns = List.of();

        private List<List<JsonNode>> rows = new ArrayList<>();

        private final List<String> notices = new ArrayList<>();

        private long bytes;

        private boolean truncated;

        private @Nullable Long count;

        private boolean returnedRows;

        private @Nullable StatementError error;

        Outcome(ScriptStatement statement, long cap) {
            this.statement = statement;
            this.cap = cap;
        }

        void resetRows() {
            this.columns = List.of();
            this.rows = new ArrayList<>();
            this.bytes = 0;
            this.truncated = false;
        }

        boolean add(List<JsonNode> row, long rowBytes) {
            if (this.rows.size() >= LearnerSession.this.limits.maxRows()
                    || this.bytes + rowBytes > this.cap) {
                this.truncated = true;
                return false;
            }
            this.rows.add(row);
            this.bytes += rowBytes;
            return true;
        }

        void count(@Nullable Long value, boolean rowsReturned) {
            this.count = value;
            this.returnedRows = rowsReturned;
        }

        void warnings(@Nullable SQLWarning warning) {
            for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
                if (w instanceof PSQLWarning psql && psql.getServerErrorMessage() != null) {
                    ServerErrorMessage message = psql.getServerErrorMessage();
                    this.notices.add(message.getSeverity() + ": " + message.getMessage());
                }
                else {
                    this.notices.add("WARNING: " + w.getMessage());
                }
            }
        }

        StatementResult finish(long startedNanos) {
            long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            String sql = this.statement.sql();
            if (this.error != null) {
                return new StatementResult(this.statement.index(), sql, StatementResult.ERROR, null, null, List.of(),
                        List.of(), false, List.copyOf(this.notices), this.error, durationMs, StatementSource.EXECUTED);
            }
            String tag = this.statement.kind() == StatementKind.EMPTY ? null
                    : this.statement.kind() == StatementKind.COPY_FROM_STDIN ? "COPY " + this.count
                            : CommandTags.of(sql, this.count, this.returnedRows);
            Long rowCount = tag != null && tag.matches(".*\\s\\d+$") ? this.count : null;
            return new StatementResult(this.statement.index(), sql, StatementResult.OK, tag, rowCount,
                    this.columns, List.copyOf(this.rows), this.truncated, List.copyOf(this.notices), null, durationMs,
                    StatementSource.EXECUTED);
        }
    }
}
