package io.taidon.sqlrunner.script;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.taidon.platform.problem.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/** Fuzzing the splitter: any input ends in statements or a clear 400, and splitting loses no character. */
class ScriptSplitterPropertiesTests {

    /** Fragments that exercise every lexical state, glued together at random. */
    @Provide
    Arbitrary<String> sqlish() {
        Arbitrary<String> fragments = Arbitraries.of("select 1", ";", "'", "''", "E'\\'", "\\", "\"", "$$", "$a$",
                "$1", "/*", "*/", "--", "\n", " ", "\t", "(", ")", "begin", "end", "case", "create function f()",
                "create or replace procedure p()", "atomic", "copy t from stdin", "\\.", "\n\\.\n", "\\pset x\n",
                "e'", "u&'", "x", "é", "😀", "set standard_conforming_strings = off", "\r\n");
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(6);
        return Arbitraries.oneOf(fragments, fragments, fragments, noise).list().ofMaxSize(40)
            .map(parts -> String.join("", parts));
    }

    @Property(tries = 1500)
    void shouldNeverCrashAndKeepEveryNonWhitespaceCharacter(@ForAll("sqlish") String script) {
        List<ScriptStatement> statements;
        try {
            statements = ScriptSplitter.split(script);
        }
        catch (InvalidRequestException ex) {
            assertThat(ex.getMessage()).isNotBlank();
            assertThat(script.chars().anyMatch(c -> c == 0 || Character.isSurrogate((char) c))).isTrue();
            return;
        }
        StringBuilder joined = new StringBuilder();
        int previousEnd = 0;
        for (ScriptStatement statement : statements) {
            assertThat(statement.startOffset()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(statement.endOffset()).isGreaterThanOrEqualTo(statement.startOffset());
            assertThat(script.substring(statement.startOffset(), statement.endOffset())).isEqualTo(statement.text());
            assertThat(statement.text()).contains(statement.sql().isEmpty() ? "" : statement.sql().substring(0, 1));
            previousEnd = statement.endOffset();
            joined.append(statement.text());
        }
        assertThat(withoutWhitespace(joined.toString())).isEqualTo(withoutWhitespace(script));
        for (int i = 0; i < statements.size() - 1; i++) {
            // a COPY with SQL on its own line carries an error wherever it stands
            if (statements.get(i).kind() != StatementKind.COPY_FROM_STDIN) {
                assertThat(statements.get(i).error()).as("only the last statement can be unterminated").isNull();
            }
        }
    }

    /**
     * Splitting a new script after a boundary of an earlier split of the same prefix gives exactly the statements a
     * whole split of the new script gives after it (or declines, and then the whole split changes the statement
     * before the boundary or has nothing after it).
     */
    @Property(tries = 1500)
    void shouldSplitAfterABoundaryLikeAWholeSplit(@ForAll("sqlish") String first, @ForAll("sqlish") String suffix) {
        List<ScriptStatement> earlier;
        try {
            earlier = ScriptSplitter.split(first + ";" + suffix);
        }
        catch (InvalidRequestException ex) {
            return;
        }
        for (int k = 0; k < earlier.size() - 1; k++) {
            ScriptStatement kept = earlier.get(k);
            String script = (first + ";" + suffix).substring(0, kept.boundary().offset()) + suffix;
            List<ScriptStatement> whole;
            try {
                whole = ScriptSplitter.split(script);
            }
            catch (InvalidRequestException ex) {
                continue;
            }
            List<ScriptStatement> rest = ScriptSplitter.splitAfter(script, kept);
            if (rest.isEmpty()) {
                // declining is always safe (the caller splits the whole script); after a final statement it happens
                // only when the whole split has nothing after it or changes it
                assertThat(!kept.boundary().resumable() || whole.size() <= k + 1 || !whole.get(k).equals(kept))
                    .as("declined after %s in %s", kept, script)
                    .isTrue();
                continue;
            }
            assertThat(whole.subList(0, k + 1)).isEqualTo(earlier.subList(0, k + 1));
            assertThat(rest).isEqualTo(whole.subList(k + 1, whole.size()));
        }
    }

    @Property(tries = 500)
    void shouldNeverCrashOnArbitraryBytes(@ForAll byte[] bytes) {
        try {
            List<ScriptStatement> statements = ScriptSplitter.split(bytes);
            assertThat(statements).allSatisfy(s -> assertThat(s.index()).isPositive());
        }
        catch (InvalidRequestException ex) {
            assertThat(ex.getMessage()).isNotBlank();
        }
    }

    private static String withoutWhitespace(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (!ScriptSplitter.isWhitespace(text.charAt(i))) {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }
}
