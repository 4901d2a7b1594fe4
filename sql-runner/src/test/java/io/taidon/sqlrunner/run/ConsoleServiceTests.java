package io.taidon.sqlrunner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.taidon.sqlrunner.execution.StatementError;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.StatementSource;
import io.taidon.sqlrunner.script.ScriptSplitter;

class ConsoleServiceTests {

    @Test
    void shouldEndEveryJournalEntryAtAStatementBoundarySoThatEntriesConcatenateIntoTheirStatements() {
        assertThat(ConsoleService.terminated("select 1;  \n")).isEqualTo("select 1;\n");
        assertThat(ConsoleService.terminated("select 1")).isEqualTo("select 1\n;\n");
        // a trailing line comment must not swallow the added terminator
        String commented = ConsoleService.terminated("select 2 -- two");
        String journal = ConsoleService.terminated("select 1") + commented + ConsoleService.terminated("select 3;");
        assertThat(ScriptSplitter.split(journal)).extracting(statement -> statement.text())
            .containsExactly("select 1\n;", "select 2 -- two\n;", "select 3;");
    }

    @Test
    void shouldTellWhetherACallEndsInsideATransactionBlock() {
        assertThat(ConsoleService.leavesTransactionOpen(List.of(tagged("BEGIN"), tagged("INSERT 0 1")))).isTrue();
        assertThat(ConsoleService.leavesTransactionOpen(List.of(tagged("BEGIN"), tagged("COMMIT")))).isFalse();
        // COMMIT of a failed transaction answers ROLLBACK
        assertThat(ConsoleService.leavesTransactionOpen(List.of(tagged("BEGIN"), tagged(null), tagged("ROLLBACK"))))
            .isFalse();
        assertThat(ConsoleService.leavesTransactionOpen(List.of(tagged("SELECT 1")))).isFalse();
    }

    @Test
    void shouldNumberAndPlaceResultsWithinTheCall() {
        StatementResult result = new StatementResult(7, "select nope", StatementResult.ERROR, null, null, List.of(),
                List.of(), false, List.of(), new StatementError("42703", "column does not exist", null, null, 8, 12, 8),
                1, StatementSource.EXECUTED);
        StatementResult relative = result.relativeTo(5, 10);
        assertThat(relative.index()).isEqualTo(2);
        assertThat(relative.error().line()).isEqualTo(2);
        assertThat(relative.error().column()).isEqualTo(8);
    }

    private static StatementResult tagged(String tag) {
        return new StatementResult(1, "x", tag == null ? StatementResult.ERROR : StatementResult.OK, tag, null,
                List.of(), List.of(), false, List.of(), null, 0, StatementSource.EXECUTED);
    }
}
