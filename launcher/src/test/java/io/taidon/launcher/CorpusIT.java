package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.taidon.platform.test.Corpus;

/**
 * Real SQL through the gateway on the real services and sandboxes ({@code ../shared/corpus/README.md}):
 * Pagila, Chinook, PostgreSQL Exercises against a plain PostgreSQL, the regression scripts' error counts, and the
 * hot path of an unchanged tail. The corpus is found by platform-test's {@link Corpus} ({@code TAIDON_CORPUS_DIR},
 * else {@code <repository root>/../shared/corpus}); without it the tests are skipped, unless {@code TAIDON_CI=true},
 * where its absence fails them. One anonymous token serves every run (the gateway limits
 * sign-in calls per address).
 */
class CorpusIT {

    /** Statement errors psql reports per regression script as a plain role (corpus README). */
    private static final Map<String, Integer> REGRESSION_ERRORS = Map.of("bit", 13, "boolean", 13, "date", 57,
            "domain", 118, "enum", 15, "interval", 237, "json", 95, "jsonpath", 36, "numeric", 139, "uuid", 7);

    private static GatewayClient gateway;

    private static String token;

    private static Path corpus;

    @BeforeAll
    static void startSuite() {
        corpus = Corpus.dir();
        gateway = new GatewayClient(SharedSuite.get().gatewayUrl());
        GatewayClient.Answer anonymous = gateway.post("/api/auth/anonymous", null, null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(201);
        token = anonymous.string("accessToken");
    }

    static String read(String relative) {
        try {
            return Files.readString(corpus.resolve(relative), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static JsonNode run(String sql) {
        GatewayClient.Answer answer = gateway.run(token, sql);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.body();
    }

    static List<JsonNode> failing(JsonNode run) {
        List<JsonNode> out = new ArrayList<>();
        run.get("statements").forEach(s -> {
            if ("error".equals(s.get("status").asString())) {
                out.add(s);
            }
        });
        return out;
    }

    static boolean isMetaCommand(JsonNode statement) {
        return statement.at("/error/message").asString().startsWith("psql meta-command");
    }

    static JsonNode last(JsonNode run) {
        JsonNode statements = run.get("statements");
        return statements.get(statements.size() - 1);
    }

    /** A statement's result without what may differ between runs (duration, source). */
    static JsonNode comparable(JsonNode statement) {
        ObjectNode copy = (ObjectNode) statement.deepCopy();
        copy.remove("durationMs");
        copy.remove("source");
        return copy;
    }

    @Test
    void shouldLoadPagilaAndServeItsTailFromTheCacheForANewHead() {
        String script = read("pagila/pagila-schema.sql") + "\n" + read("pagila/pagila-data.sql") + "\n";
        JsonNode first = run(script + "select count(*) from public.film;");
        assertThat(last(first).get("rows").toString()).isEqualTo("[[1000]]");
        List<JsonNode> errors = failing(first);
        assertThat(errors).hasSize(57)
            .allSatisfy(e -> assertThat(e.get("sql").asString()).containsIgnoringCase("OWNER TO postgres"))
            // the server's error: no such role in a sandbox (42704), or not allowed (42501)
            .allSatisfy(e -> assertThat(e.at("/error/sqlState").asString()).isIn("42501", "42704"));

        JsonNode second = run(script + "select count(*) from public.rental;");
        int statements = second.get("statements").size();
        assertThat(last(second).get("rows").toString()).isEqualTo("[[16044]]");
        assertThat(second.at("/cache/hitDepth").asInt()).isEqualTo(statements - 1);
        assertThat(second.at("/cache/replayed").asInt()).isZero();
        for (int i = 0; i < statements - 1; i++) {
            assertThat(comparable(second.get("statements").get(i))).as("statement %d", i + 1)
                .isEqualTo(comparable(first.get("statements").get(i)));
        }
    }

    @Test
    void shouldLoadChinookWithClearErrorsForItsPreamble() {
        JsonNode run = run(read("chinook/Chinook_PostgreSql.sql") + "\nselect count(*) from track;");
        List<JsonNode> errors = failing(run);
        // exactly CREATE DATABASE and \c (DROP DATABASE IF EXISTS of a missing database only notices); a
        // statement's sql keeps the comments before it
        assertThat(errors).hasSize(2);
        assertThat(errors).extracting(e -> e.get("sql").asString().toLowerCase(Locale.ROOT))
            .anySatisfy(sql -> assertThat(sql).contains("create database chinook"))
            .anySatisfy(sql -> assertThat(sql).contains("\\c chinook"))
            .allSatisfy(sql -> assertThat(sql).containsAnyOf("drop database", "create database", "\\c chinook"));
        assertThat(errors).allSatisfy(e -> assertThat(e.at("/error/message").asString()).isNotBlank());
        assertThat(errors).filteredOn(CorpusIT::isMetaCommand).hasSize(1);
        assertThat(last(run).get("rows").toString()).isEqualTo("[[3503]]");
    }

    @Test
    void shouldAnswerEveryPgExercisesQueryAsPlainPostgresqlDoes() throws Exception {
        String clubdata = read("pgexercises/site/website/dbfiles/clubdata.sql");
        List<Exercise> exercises = exercises();
        assertThat(exercises).hasSizeGreaterThan(50);
        String database = "pgex_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(SharedSuite.get().jdbcUrl(), "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("create database " + database);
        }
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("binaryTransfer", "false");
        String url = SharedSuite.get().jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        try (Connection plain = DriverManager.getConnection(url, properties)) {
            try (Statement load = plain.createStatement()) {
                load.execute(clubdata.lines()
                    .filter(line -> !line.startsWith("\\") && !line.startsWith("CREATE DATABASE"))
                    .reduce("", (a, b) -> a + b + "\n"));
            }
            for (Exercise exercise : exercises) {
                JsonNode run = run(clubdata + "\n" + exercise.query());
                JsonNode head = last(run);
                assertThat(head.get("status").asString()).as("%s: %s", exercise.name(), head).isEqualTo("ok");
                List<List<String>> expected = rows(plain, exercise.query());
                List<List<String>> actual = rows(head);
                if (head.get("truncated").asBoolean()) {
                    // more rows than the runner returns per statement: what came back is part of the answer
                    assertThat(expected).as(exercise.name()).containsAll(actual);
                }
                else if (exercise.sorted()) {
                    assertThat(actual).as(exercise.name()).isEqualTo(expected);
                }
                else {
                    assertThat(actual).as(exercise.name()).containsExactlyInAnyOrderElementsOf(expected);
                }
            }
        }
        finally {
            try (Connection admin = DriverManager.getConnection(SharedSuite.get().jdbcUrl(), "postgres", "");
                    Statement statement = admin.createStatement()) {
                statement.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    @Test
    void shouldFailAsManyRegressionStatementsAsPsqlDoes() {
        Map<String, Integer> counted = new LinkedHashMap<>();
        for (String name : REGRESSION_ERRORS.keySet().stream().sorted().toList()) {
            JsonNode run = run(read("postgres-regress/sql/" + name + ".sql"));
            counted.put(name, (int) failing(run).stream().filter(e -> !isMetaCommand(e)).count());
        }
        assertThat(counted).containsExactlyInAnyOrderEntriesOf(REGRESSION_ERRORS);
    }

    record Exercise(String name, String query, boolean sorted) {
    }

    static List<Exercise> exercises() throws IOException {
        List<Exercise> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus.resolve("pgexercises/questions"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ex")).sorted().toList()) {
                Map<String, String> sections = sections(Files.readString(file, StandardCharsets.UTF_8));
                if ("1".equals(sections.getOrDefault("WRITEABLE", "0").strip())) {
                    continue;
                }
                out.add(new Exercise(corpus.relativize(file).toString(), sections.get("QUERY").strip(),
                        "1".equals(sections.getOrDefault("SORTED", "0").strip())));
            }
        }
        return out;
    }

    static Map<String, String> sections(String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.matches("\\|[A-Z]+\\|\\s*")) {
                if (current != null) {
                    sections.put(current, body.toString());
                }
                current = line.strip().replace("|", "");
                body.setLength(0);
            }
            else {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            sections.put(current, body.toString());
        }
        return sections;
    }

    /** Rows as the server's text output (booleans as {@code t}/{@code f}). */
    static List<List<String>> rows(Connection connection, String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set search_path = cd, pg_catalog");
            try (ResultSet rs = statement.executeQuery(query)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        String value = rs.getString(i);
                        row.add(value != null && meta.getColumnTypeName(i).equals("bool")
                                ? (rs.getBoolean(i) ? "t" : "f") : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Rows of a run's statement as text: numbers and strings as they are, booleans as {@code t}/{@code f}. */
    static List<List<String>> rows(JsonNode statement) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : statement.get("rows")) {
            List<String> values = new ArrayList<>();
            for (JsonNode value : row) {
                values.add(value.isNull() ? null
                        : value.isBoolean() ? (value.asBoolean() ? "t" : "f")
                                : value.isValueNode() ? value.asString() : value.toString());
            }
            rows.add(values);
        }
        return rows;
    }
}
