package io.taidon.vcssync.run;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Joining files into one script and attributing sql-runner's statements back to their files and lines. */
class ScriptLayoutTests {

    @Test
    void shouldJoinFilesInOrderEachEndingWithALineBreak() {
        ScriptLayout layout = new ScriptLayout().add("init/001.sql", "create table a (id int);")
            .add("seed/001.sql", "insert into a values (1);\n")
            .add(null, "select 'tail';");
        assertThat(layout.script())
            .isEqualTo("create table a (id int);\ninsert into a values (1);\nselect 'tail';\n");
    }

    @Test
    void shouldAttributeStatementsToTheirFilesWithIndexAndLine() {
        String init = "create table a (id int);\n\n-- the second table\ncreate table b (id int);\n";
        String test = "\n-- expect: rows 1\nselect * from a;\nselect\n  *\nfrom b;\n";
        ScriptLayout layout = new ScriptLayout().add("init/001.sql", init).add("test/001.sql", test);
        List<ScriptLayout.Located> located = layout.attribute(List.of(statement("create table a (id int);"),
                statement("-- the second table\ncreate table b (id int);"),
                statement("-- expect: rows 1\nselect * from a;"), statement("select\n  *\nfrom b;")));

        assertThat(located).extracting(ScriptLayout.Located::path)
            .containsExactly("init/001.sql", "init/001.sql", "test/001.sql", "test/001.sql");
        assertThat(located).extracting(ScriptLayout.Located::part).containsExactly(0, 0, 1, 1);
        assertThat(located).extracting(ScriptLayout.Located::index).containsExactly(1, 2, 1, 2);
        // the line where the statement, with its leading comments, starts in its own file
        assertThat(located).extracting(ScriptLayout.Located::line).containsExactly(1, 3, 2, 4);

        ScriptLayout.Located select = located.get(2);
        // the text since the previous statement holds the expectation (and the next file's first lines)
        assertThat(select.leading()).isEqualTo("\n\n-- expect: rows 1\nselect * from a;");
        assertThat(Expectation.parse(select.leading())).isEqualTo(new Expectation.RowCount(1));
        assertThat(test.substring(select.startInPart(), select.endInPart()))
            .isEqualTo("-- expect: rows 1\nselect * from a;");
        assertThat(located.get(3).leading()).isEqualTo("\nselect\n  *\nfrom b;");
        assertThat(Expectation.parse(located.get(3).leading())).isNull();
    }

    @Test
    void shouldFindRepeatedStatementsInOrder() {
        ScriptLayout layout = new ScriptLayout().add("seed/001.sql", "select 1;\n").add("test/001.sql",
                "select 1;\nselect 1;\n");
        List<ScriptLayout.Located> located = layout.attribute(
                List.of(statement("select 1;"), statement("select 1;"), statement("select 1;")));
        assertThat(located).extracting(ScriptLayout.Located::path)
            .containsExactly("seed/001.sql", "test/001.sql", "test/001.sql");
        assertThat(located).extracting(ScriptLayout.Located::line).containsExactly(1, 1, 2);
    }

    @Test
    void shouldLeaveTheUnreportedMarkerWithoutPath() {
        ScriptLayout layout = new ScriptLayout().add("init/001.sql", "create table a (id int);")
            .add(null, ProjectRunService.TAIL_MARKER);
        List<ScriptLayout.Located> located = layout.attribute(
                List.of(statement("create table a (id int);"), statement(ProjectRunService.TAIL_MARKER)));
        assertThat(located).extracting(ScriptLayout.Located::path).containsExactly("init/001.sql", null);
        assertThat(located.get(1).part()).isEqualTo(1);
    }

    @Test
    void shouldKeepAStatementItCannotFindAtTheCursorWithoutLeadingText() {
        ScriptLayout layout = new ScriptLayout().add("test/001.sql", "select 1;\n");
        List<ScriptLayout.Located> located = layout.attribute(List.of(statement("select 1;"), statement("")));
        assertThat(located.get(1).path()).isEqualTo("test/001.sql");
        assertThat(located.get(1).index()).isEqualTo(2);
        assertThat(located.get(1).leading()).isEmpty();
    }

    private static SqlRunnerClient.Statement statement(String sql) {
        return new SqlRunnerClient.Statement(1, sql, "ok", "SELECT 1", 1L, List.of(), List.of(), false, null, 1,
                "executed");
    }
}
