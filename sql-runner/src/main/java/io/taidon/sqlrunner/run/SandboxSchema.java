package io.taidon.sqlrunner.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.client.envmanager.SandboxConnection;

/**
 * {@code GET /api/sandboxes/{id}/schema}: what the learner database holds now, for the web app's schema browser and
 * autocompletion: every table, partitioned table, view, materialized view and foreign table outside the system
 * schemas, with columns (name, type as {@code format_type} renders it, nullability, default), indexes (their
 * {@code pg_get_indexdef}) and the planner's row estimate ({@code reltuples}; null before the first
 * {@code ANALYZE}/{@code VACUUM}). Read from the PostgreSQL catalogs over a learner connection of its own, so it
 * sees what the learner may see and never disturbs a kept session; at most {@value #MAX_RELATIONS} relations and
 * {@value #MAX_PARTS} columns and indexes, defaults cut to 1,000 characters and index definitions to 2,000
 * ({@code truncated} says when anything was left out), so that no learner database can make the answer large.
 */
@Service
public class SandboxSchema {

    /** Most relations one answer lists. */
    static final int MAX_RELATIONS = 2_000;

    /** Most columns, and most indexes, one answer lists (a learner can make tables of 1,600 columns). */
    static final int MAX_PARTS = 20_000;

    private static final String RELATIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
              AND n.nspname NOT LIKE 'pg\\_temp\\_%'
            ORDER BY n.nspname, c.relname
            LIMIT ?""";

    private static final String COLUMNS = """
            SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   left(pg_get_expr(d.adbin, d.adrelid), 1000)
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = ANY (?) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum
            LIMIT ?""";

    private static final String INDEXES = """
            SELECT i.indrelid, c.relname, left(pg_get_indexdef(i.indexrelid), 2000), i.indisprimary, i.indisunique
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = ANY (?)
            ORDER BY i.indrelid, c.relname
            LIMIT ?""";

    private final EnvManagerClient envManager;

    SandboxSchema(EnvManagerClient envManager) {
        this.envManager = envManager;
    }

    /**
     * @param userId the caller
     * @param sandboxId the caller's sandbox
     * @return its learner database's relations
     * @throws NotFoundException when the sandbox is not the caller's (404)
     * @throws DownstreamUnavailableException when env-manager or the sandbox does not answer (503)
     */
    public Schema describe(String userId, String sandboxId) {
        if (this.envManager.baseOf(sandboxId, userId).isEmpty()) {
            throw NotFoundException.forId("sandbox", sandboxId);
        }
        SandboxConnection target = this.envManager.connection(sandboxId);
        Properties properties = new Properties();
        properties.setProperty("user", target.username());
        properties.setProperty("password", target.password());
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "20");
        properties.setProperty("readOnly", "true");
        String url = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.database();
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return read(connection);
        }
        catch (SQLException ex) {
            throw new DownstreamUnavailableException("sandbox", ex);
        }
    }

    private static Schema read(Connection connection) throws SQLException {
        Map<Long, Builder> relations = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(RELATIONS)) {
            statement.setInt(1, MAX_RELATIONS + 1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long estimate = row.getLong(5);
                    relations.put(row.getLong(1), new Builder(row.getString(2), row.getString(3),
                            kind(row.getString(4)), estimate < 0 ? null : estimate));
                }
            }
        }
        boolean truncated = relations.size() > MAX_RELATIONS;
        if (truncated) {
            Long last = null;
            for (Long oid : relations.keySet()) {
                last = oid;
            }
            relations.remove(last);
        }
        Long[] oids = relations.keySet().toArray(Long[]::new);
        int parts = 0;
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setArray(1, connection.createArrayOf("oid", oids));
            statement.setInt(2, MAX_PARTS + 1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next() && ++parts <= MAX_PARTS) {
                    relations.get(row.getLong(1)).columns.add(new Column(row.getString(2), row.getString(3),
                            !row.getBoolean(4), row.getString(5)));
                }
            }
        }
        truncated |= parts > MAX_PARTS;
        parts = 0;
        try (PreparedStatement statement = connection.prepareStatement(INDEXES)) {
            statement.setArray(1, connection.createArrayOf("oid", oids));
            statement.setInt(2, MAX_PARTS + 1);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next() && ++parts <= MAX_PARTS) {
                    relations.get(row.getLong(1)).indexes.add(new Index(row.getString(2), row.getString(3),
                            row.getBoolean(4), row.getBoolean(5)));
                }
            }
        }
        truncated |= parts > MAX_PARTS;
        return new Schema(relations.values().stream().map(Builder::build).toList(), truncated);
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "p" -> "partitioned table";
            case "v" -> "view";
            case "m" -> "materialized view";
            case "f" -> "foreign table";
            default -> "table";
        };
    }

    private static final class Builder {

        private final String schema;

        private final String name;

        private final String kind;

        private final @Nullable Long rowEstimate;

        private final List<Column> columns = new ArrayList<>();

        private final List<Index> indexes = new ArrayList<>();

        Builder(String schema, String name, String kind, @Nullable Long rowEstimate) {
            this.schema = schema;
            this.name = name;
            this.kind = kind;
            this.rowEstimate = rowEstimate;
        }

        Relation build() {
            return new Relation(this.schema, this.name, this.kind, this.rowEstimate, List.copyOf(this.columns),
                    List.copyOf(this.indexes));
        }
    }

    /**
     * @param relations the relations, by schema then name
     * @param truncated whether relations, columns or indexes past the caps were left out
     */
    public record Schema(List<Relation> relations, boolean truncated) {
    }

    /**
     * @param schema its schema
     * @param name its name
     * @param kind {@code table}, {@code partitioned table}, {@code view}, {@code materialized view} or
     *        {@code foreign table}
     * @param rowEstimate the planner's estimate of its rows, or null when the table was never analysed
     * @param columns its columns in order
     * @param indexes its indexes, by name
     */
    public record Relation(String schema, String name, String kind, @Nullable Long rowEstimate, List<Column> columns,
            List<Index> indexes) {
    }

    /**
     * @param name column name
     * @param type its type, e.g. {@code numeric(10,2)} or {@code text[]}
     * @param nullable whether it accepts NULL
     * @param defaultValue its default expression, or null
     */
    public record Column(String name, String type, boolean nullable, @Nullable String defaultValue) {
    }

    /**
     * @param name index name
     * @param definition its {@code CREATE INDEX} statement
     * @param primary whether it backs the primary key
     * @param unique whether it is unique
     */
    public record Index(String name, String definition, boolean primary, boolean unique) {
    }
}
