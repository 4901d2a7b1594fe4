package io.taidon.sqlrunner.script;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.test.Corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptSplitterTests {

    private static List<String> sqls(String script) {
        return ScriptSplitter.split(script).stream().map(ScriptStatement::sql).toList();
    }

    @Test
    void shouldSplitOnSemicolonsOutsideQuotesAndComments() {
        assertThat(sqls("select 'a;b'; select \"x;y\" from t; -- c;d\nselect /* e; /* nested; */ f; */ 1;"))
            .containsExactly("select 'a;b';", "select \"x;y\" from t;",
                    "-- c;d\nselect /* e; /* nested; */ f; */ 1;");
    }

    @Test
    void shouldHonourQuoteEscapesAndEStrings() {
        assertThat(sqls("select 'it''s;'; select E'a\\';b'; select 'c\\'; select 2;"))
            .containsExactly("select 'it''s;';", "select E'a\\';b';", "select 'c\\';", "select 2;");
    }

    @Test
    void shouldTreatBackslashesAsEscapesWhenStandardConformingStringsIsOff() {
        assertThat(sqls("set standard_conforming_strings = off; select 'a\\';b'; select 1;"))
            .containsExactly("set standard_conforming_strings = off;", "select 'a\\';b';", "select 1;");
    }

    @Test
    void shouldTreatBackslashesAsPlainAgainAfterStandardConformingStringsIsReset() {
        assertThat(sqls("set standard_conforming_strings = off; reset standard_conforming_strings; select 'a\\'; select 1;"))
            .containsExactly("set standard_conforming_strings = off;", "reset standard_conforming_strings;",
                    "select 'a\\';", "select 1;");
        assertThat(sqls("set standard_conforming_strings = off; set standard_conforming_strings to default; select 'b\\'; select 2;"))
            .hasSize(4);
    }

    @Test
    void shouldKeepTaggedDollarQuotesWhole() {
        String body = "create function f() returns int as $fn$ begin perform 1; return $$x;$$::text::int; end $fn$ language plpgsql;";
        assertThat(sqls(body + " select $1, a$b$c from t;")).containsExactly(body, "select $1, a$b$c from t;");
    }

    @Test
    void shouldKeepBeginAtomicBodiesWhole() {
        String fn = """
                CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;
                  SELECT a + 1;
                END;""";
        assertThat(sqls(fn + "\nbegin; select 1; end;")).containsExactly(fn, "begin;", "select 1;", "end;");
    }

    /**
     * The rest of a {@code COPY … FROM STDIN} line belongs to the statement whether or not a line follows (found by
     * the splitAfter property: the statement after it existed only while no newline came later); SQL there is a
     * per-statement error, a comment is not.
     */
    @Test
    void shouldKeepTheRestOfACopyLineInTheCopyStatement() {
        List<ScriptStatement> withData = ScriptSplitter.split("copy t from stdin; select 1;\n1\n\\.\nselect 2;");
        assertThat(withData).extracting(ScriptStatement::kind)
            .containsExactly(StatementKind.COPY_FROM_STDIN, StatementKind.SQL);
        assertThat(withData.get(0).copyData()).isEqualTo("1\n");
        assertThat(withData.get(0).error()).contains("same line");
        assertThat(withData.get(1).text()).isEqualTo("select 2;");

        List<ScriptStatement> atEnd = ScriptSplitter.split("copy t from stdin;select 1select 1;select 1");
        assertThat(atEnd).hasSize(1);
        assertThat(atEnd.get(0).text()).isEqualTo("copy t from stdin;select 1select 1;select 1");
        assertThat(atEnd.get(0).error()).contains("same line");
        assertThat(atEnd.get(0).boundary().resumable()).isFalse();

        List<ScriptStatement> commented = ScriptSplitter.split("COPY t FROM stdin; -- the rows\n1\n\\.\n");
        assertThat(commented).hasSize(1);
        assertThat(commented.get(0).error()).isNull();
        assertThat(commented.get(0).copyData()).isEqualTo("1\n");
        assertThat(commented.get(0).sql()).isEqualTo("COPY t FROM stdin;");
    }

    @Test
    void shouldGiveCopyFromStdinItsInlineData() {
        String script = "COPY t (a, b) FROM stdin;\n1\tx;y\n\\N\t'\n\\.\nselect 1;\n";
        List<ScriptStatement> statements = ScriptSplitter.split(script);
        assertThat(statements).hasSize(2);
        ScriptStatement copy = statements.getFirst();
        assertThat(copy.kind()).isEqualTo(StatementKind.COPY_FROM_STDIN);
        assertThat(copy.sql()).isEqualTo("COPY t (a, b) FROM stdin;");
        assertThat(copy.copyData()).isEqualTo("1\tx;y\n\\N\t'\n");
        assertThat(copy.text()).isEqualTo("COPY t (a, b) FROM stdin;\n1\tx;y\n\\N\t'\n\\.");
        assertThat(statements.get(1).sql()).isEqualTo("select 1;");
        assertThat(statements.get(1).line()).isEqualTo(5);
    }

    @Test
    void shouldReportMetaCommandsAsTheirOwnStatements() {
        List<ScriptStatement> statements = ScriptSplitter.split("\\c chinook\nselect 1;\n  \\pset null '(null)'\nselect 2;");
        assertThat(statements).extracting(ScriptStatement::kind)
            .containsExactly(StatementKind.META, StatementKind.SQL, StatementKind.META, StatementKind.SQL);
        assertThat(statements.get(2).sql()).isEqualTo("\\pset null '(null)'");
        assertThat(statements.get(2).line()).isEqualTo(3);
        assertThat(statements.get(2).column()).isEqualTo(3);
    }

    @Test
    void shouldRecordLinesAndColumnsInCodePoints() {
        List<ScriptStatement> statements = ScriptSplitter.split("select '😀'; select 2;\n  select 3;");
        assertThat(statements).extracting(ScriptStatement::line).containsExactly(1, 1, 2);
        assertThat(statements).extracting(ScriptStatement::column).containsExactly(1, 13, 3);
        assertThat(statements.get(1).startOffset()).isEqualTo(13);
    }

    @Test
    void shouldSplitOnlyTheNewHeadOfPagilaAfterItsLastStatement() {
        String tail = Corpus.read("pagila/pagila-schema.sql") + "\n" + Corpus.read("pagila/pagila-data.sql") + "\n";
        List<ScriptStatement> earlier = ScriptSplitter.split(tail + "select count(*) from film;");
        ScriptStatement last = earlier.get(earlier.size() - 2);
        assertThat(last.boundary().resumable()).isTrue();

        String script = tail + "-- films\nselect title\n  from film\n where length > 'x;';";
        List<ScriptStatement> rest = ScriptSplitter.splitAfter(script, last);
        List<ScriptStatement> whole = ScriptSplitter.split(script);

        assertThat(rest).hasSize(1);
        assertThat(rest.getFirst()).isEqualTo(whole.getLast());
        assertThat(rest.getFirst().index()).isEqualTo(earlier.size());
        assertThat(rest.getFirst().line())
            .isEqualTo(script.substring(0, rest.getFirst().startOffset()).chars().filter(c -> c == '\n').count() + 1);
        // a trailing comment would join the last statement of the tail: decline, the caller splits the whole
        assertThat(ScriptSplitter.splitAfter(tail + "-- nothing", last)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "select 'abc", "select \"abc", "select $q$ abc", "select 1 /* open /* nested */" })
    void shouldCarryAnErrorOnTheLastStatementWhenUnterminated(String tail) {
        List<ScriptStatement> statements = ScriptSplitter.split("select 1;\n" + tail);
        assertThat(statements).hasSize(2);
        assertThat(statements.getFirst().error()).isNull();
        assertThat(statements.getLast().error()).startsWith("unterminated");
    }

    @Test
    void shouldAttachTrailingCommentsAndStraySemicolonsToThePreviousStatement() {
        List<ScriptStatement> statements = ScriptSplitter.split("select 1;; -- done");
        assertThat(statements).extracting(ScriptStatement::sql).containsExactly("select 1;");
        assertThat(statements).extracting(ScriptStatement::text).containsExactly("select 1;; -- done");
        assertThat(ScriptSplitter.split("-- only a comment")).extracting(ScriptStatement::kind)
            .containsExactly(StatementKind.EMPTY);
        assertThat(ScriptSplitter.split("  \n ")).isEmpty();
    }

    @Test
    void shouldRejectNulAndInvalidUtf8WithA400() {
        assertThatThrownBy(() -> ScriptSplitter.split("select 1;\0")).isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("NUL");
        assertThatThrownBy(() -> ScriptSplitter.split(new byte[] { 's', (byte) 0xC3, (byte) 0x28 }))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("UTF-8");
        assertThat(ScriptSplitter.split("select 'é';".getBytes(StandardCharsets.UTF_8))).hasSize(1);
    }

    @Test
    void shouldSplitPagilaWith21CopyBlocks() {
        List<ScriptStatement> schema = ScriptSplitter.split(Corpus.read("pagila/pagila-schema.sql"));
        List<ScriptStatement> data = ScriptSplitter.split(Corpus.read("pagila/pagila-data.sql"));
        assertThat(schema).allSatisfy(s -> assertThat(s.error()).isNull());
        assertThat(data).allSatisfy(s -> assertThat(s.error()).isNull());
        assertThat(data).filteredOn(s -> s.kind() == StatementKind.COPY_FROM_STDIN).hasSize(21);
        assertThat(schema).filteredOn(s -> s.kind() == StatementKind.COPY_FROM_STDIN).isEmpty();
        assertThat(schema.stream().filter(s -> s.sql().contains("OWNER TO postgres"))).hasSize(57);
        ScriptStatement film = data.stream().filter(s -> s.sql().contains("COPY public.film ")).findFirst().orElseThrow();
        assertThat(film.copyData().lines()).hasSize(1000);
        // every statement of the pg_dump starts at a line start and is a known command
        assertThat(schema).allSatisfy(s -> assertThat(s.column()).isEqualTo(1));
        assertThat(schema.size()).isEqualTo(countTopLevelStatements(Corpus.read("pagila/pagila-schema.sql")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "bit", "boolean", "date", "domain", "enum", "interval", "json", "jsonpath", "numeric", "uuid" })
    void shouldSplitEveryRegressionScriptWithoutError(String name) {
        String script = Corpus.read("postgres-regress/sql/" + name + ".sql");
        List<ScriptStatement> statements = ScriptSplitter.split(script);
        assertThat(statements).isNotEmpty().allSatisfy(s -> assertThat(s.error()).isNull());
        long copies = statements.stream().filter(s -> s.kind() == StatementKind.COPY_FROM_STDIN).count();
        long dataEnds = script.lines().filter("\\."::equals).count();
        assertThat(copies).isEqualTo(dataEnds);
        assertThat(statements).filteredOn(s -> s.kind() == StatementKind.META)
            .allSatisfy(s -> assertThat(s.sql()).startsWith("\\").doesNotContain("\n"));
    }

    /** pg_dump ends every statement with ";" at the end of a line outside function bodies: count those lines. */
    private static int countTopLevelStatements(String dump) {
        int count = 0;
        boolean inBody = false;
        for (String line : dump.lines().toList()) {
            if (line.startsWith("--") || line.isBlank()) {
                continue;
            }
            int dollars = line.split("\\$_?\\$", -1).length - 1;
            if (dollars % 2 == 1) {
                inBody = !inBody;
            }
            if (!inBody && line.endsWith(";")) {
                count++;
            }
        }
        return count;
    }
}
