package io.taidon.vcssync.run;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The {@code -- expect:} convention: parsing the comment and comparing it with sql-runner's result. */
class ExpectationTests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void shouldFindNoExpectationWithoutMarker() {
        assertThat(Expectation.parse("-- just a comment\nselect 1;")).isNull();
        assertThat(Expectation.parse("select 'expect: rows 1';")).isNull();
    }

    @Test
    void shouldParseRowCountAndErrorsCaseInsensitively() {
        assertThat(Expectation.parse("-- expect: rows 3\nselect * from book;"))
            .isEqualTo(new Expectation.RowCount(3));
        assertThat(Expectation.parse("--EXPECT: Rows 0\ndelete from book;")).isEqualTo(new Expectation.RowCount(0));
        assertThat(Expectation.parse("-- expect: error\nselect 1/0;")).isEqualTo(new Expectation.Error(null));
        assertThat(Expectation.parse("-- expect: error 23505\ninsert into book values (1);"))
            .isEqualTo(new Expectation.Error("23505"));
    }

    @Test
    void shouldTakeTheLastMarkerBeforeTheStatement() {
        assertThat(Expectation.parse("-- expect: rows 1\n-- expect: rows 2\nselect 1;"))
            .isEqualTo(new Expectation.RowCount(2));
    }

    @Test
    void shouldRefuseMalformedExpectationsWithAMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> Expectation.parse("-- expect: rows many\nselect 1;"))
            .withMessageContaining("rows N");
        assertThatIllegalArgumentException().isThrownBy(() -> Expectation.parse("-- expect: error 235\nselect 1;"))
            .withMessageContaining("SQLSTATE");
        assertThatIllegalArgumentException().isThrownBy(() -> Expectation.parse("-- expect: something\nselect 1;"))
            .withMessageContaining("'-- expect:' is followed by");
        assertThatIllegalArgumentException().isThrownBy(() -> Expectation.parse("-- expect:\nselect 1;"))
            .withMessageContaining("needs a table");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Expectation.parse("-- expect:\n-- a | b\n-- --+--\n-- 1\nselect 1, 2;"))
            .withMessage("An expected row has 1 cells, the header 2.");
    }

    @Test
    void shouldParsePsqlAlignedTableWithNullEmptyCellAndFooter() {
        Expectation parsed = Expectation.parse("""
                -- expect:
                --  id | title   | note
                -- ----+---------+------
                --   1 | Solaris | NULL
                --   2 | Ubik    |
                -- (2 rows)
                select id, title, note from book order by id;""");
        assertThat(parsed).isEqualTo(new Expectation.Table(List.of("id", "title", "note"),
                List.of(Arrays.asList("1", "Solaris", null), List.of("2", "Ubik", ""))));
        assertThat(parsed.kind()).isEqualTo("table");
    }

    @Test
    void shouldParseTableWithOuterBordersAndNoRows() {
        assertThat(Expectation.parse("-- expect:\n-- | n |\n-- +---+\nselect n from empty;"))
            .isEqualTo(new Expectation.Table(List.of("n"), List.of()));
    }

    @Test
    void shouldCompareRowCount() {
        Expectation three = new Expectation.RowCount(3);
        assertThat(three.check(ok(3L, null, null))).isEqualTo(new Expectation.Verdict(true, "3 rows as expected"));
        assertThat(three.check(ok(2L, null, null)))
            .isEqualTo(new Expectation.Verdict(false, "expected 3 rows, got 2"));
        assertThat(three.check(ok(null, null, null)).message()).isEqualTo("expected 3 rows, got 0");
        assertThat(three.check(error("42P01")))
            .isEqualTo(new Expectation.Verdict(false, "expected 3 rows, but the statement failed"));
    }

    @Test
    void shouldCompareErrorsAndTheirSqlState() {
        assertThat(new Expectation.Error(null).check(error("22012")).passed()).isTrue();
        assertThat(new Expectation.Error("23505").check(error("23505")))
            .isEqualTo(new Expectation.Verdict(true, "failed as expected with 23505"));
        assertThat(new Expectation.Error("23505").check(error("22012")))
            .isEqualTo(new Expectation.Verdict(false, "expected error 23505, got 22012: boom"));
        assertThat(new Expectation.Error("23505").check(ok(1L, null, null)))
            .isEqualTo(new Expectation.Verdict(false, "expected an error 23505, but the statement succeeded"));
    }

    @Test
    void shouldCompareTablesCellByCellAsText() {
        Expectation.Table expected = new Expectation.Table(List.of("id", "title", "done", "note"),
                List.of(Arrays.asList("1", "Solaris", "t", null), Arrays.asList("2", "Ubik", "false", "")));
        List<List<JsonNode>> rows = List.of(
                List.of(JSON.numberNode(1), JSON.stringNode("Solaris"), JSON.booleanNode(true), JSON.nullNode()),
                List.of(JSON.stringNode("2"), JSON.stringNode("Ubik"), JSON.booleanNode(false), JSON.stringNode("")));
        assertThat(expected.check(ok(2L, columns("id", "title", "done", "note"), rows)))
            .isEqualTo(new Expectation.Verdict(true, "2 rows as expected"));
    }

    @Test
    void shouldSayWhereTablesDiffer() {
        Expectation.Table expected = new Expectation.Table(List.of("id", "title"),
                List.of(List.of("1", "Solaris"), List.of("2", "Ubik")));
        List<List<JsonNode>> rows = List.of(List.of(JSON.numberNode(1), JSON.stringNode("Solaris")),
                List.of(JSON.numberNode(2), JSON.nullNode()));
        assertThat(expected.check(ok(2L, columns("id", "title"), rows)).message())
            .isEqualTo("row 2, column title: expected 'Ubik', got NULL");
        assertThat(expected.check(ok(1L, columns("id", "title"), rows.subList(0, 1))).message())
            .isEqualTo("expected 2 rows, got 1");
        assertThat(expected.check(ok(2L, columns("id", "name"), rows)).message())
            .isEqualTo("expected columns [id, title], got [id, name]");
        assertThat(expected.check(error("42P01")).message())
            .isEqualTo("expected a table, but the statement failed: 42P01 boom");
        SqlRunnerClient.Statement cut = new SqlRunnerClient.Statement(1, "select", "ok", "SELECT 2", 2L,
                columns("id", "title"), rows, true, null, 1, "executed");
        assertThat(expected.check(cut).passed()).isFalse();
        assertThat(expected.check(cut).message()).contains("cut at sql-runner's row or byte cap");
    }

    private static List<SqlRunnerClient.Column> columns(String... names) {
        return Arrays.stream(names).map(name -> new SqlRunnerClient.Column(name, "text")).toList();
    }

    private static SqlRunnerClient.Statement ok(@Nullable Long rowCount, @Nullable List<SqlRunnerClient.Column> columns,
            @Nullable List<List<JsonNode>> rows) {
        return new SqlRunnerClient.Statement(1, "select", "ok", "SELECT", rowCount, columns, rows, false, null, 1,
                "executed");
    }

    private static SqlRunnerClient.Statement error(String sqlState) {
        return new SqlRunnerClient.Statement(1, "select", "error", null, null, null, null, false,
                new SqlRunnerClient.StatementError(sqlState, "boom", 1, 1), 1, "executed");
    }
}
