package io.taidon.sqlrunner.script;

import org.jspecify.annotations.Nullable;

/**
 * One statement of a script as the splitter found it.
 *
 * @param index 1-based position of the statement in the script
 * @param kind what the statement is
 * @param text the statement's whole source, whitespace-trimmed: for {@code COPY … FROM STDIN} the command, its
 *        data lines and the {@code \.} line; this is the text that enters the chain hash
 * @param sql what is sent to the server: {@link #text()} without inline data (for {@code COPY}), or the
 *        meta-command line
 * @param copyData the inline data of {@code COPY … FROM STDIN}, each line ending with {@code \n}, without the
 *        {@code \.} line; null for other kinds
 * @param startOffset offset (UTF-16 index into the script) of the statement's first character
 * @param endOffset offset just after the statement's last character (data and terminator included)
 * @param line 1-based line of the first character
 * @param column 1-based column (in Unicode code points) of the first character
 * @param error a lexical error the statement carries (unterminated quote or comment), or null
 * @param boundary where the splitter stood after this statement: a script that has the same text up to
 *        {@code boundary.offset()} splits into the same statements up to this one, and the rest of it can be split
 *        from there ({@link ScriptSplitter#splitAfter})
 */
public record ScriptStatement(int index, StatementKind kind, String text, String sql, @Nullable String copyData,
        int startOffset, int endOffset, int line, int column, @Nullable String error, Boundary boundary) {

    /**
     * The splitter's state between two statements.
     *
     * @param offset UTF-16 offset into the script where the next statement's text (leading whitespace and comments
     *        included) begins
     * @param standardConformingStrings whether {@code standard_conforming_strings} is on there, as the script's own
     *        {@code SET} statements left it
     * @param line 1-based line of {@code offset}
     * @param lineStart offset of that line's first character
     * @param resumable whether the statement is final whatever follows {@code offset} (it ended with {@code ;} or a
     *        {@code \.} line); a statement ended by a psql meta-command or by the end of the script is not
     */
    public record Boundary(int offset, boolean standardConformingStrings, int line, int lineStart,
            boolean resumable) {
    }
}
