package io.taidon.sqlrunner.script;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.taidon.platform.problem.InvalidRequestException;

/**
 * Splits a script into statements the way psql's lexer ({@code src/fe_utils/psqlscan.l}) does: a {@code ;} ends a
 * statement only outside single-quoted strings ({@code ''} escapes; backslash escapes in {@code E''} strings and
 * in every string while {@code standard_conforming_strings} is off), double-quoted identifiers, tagged dollar
 * quotes, nested {@code /* *}{@code /} and {@code --} comments, parentheses and {@code BEGIN … END} bodies of
 * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE} (psql's {@code begin_depth} heuristic). {@code COPY … FROM STDIN}
 * takes the lines after it up to a line {@code \.} as its data (SQL after the command on the command's own line is a
 * per-statement error: psql would run it after the copy, out of the script's order). A line that starts with a backslash outside any
 * statement is a psql meta-command and becomes a {@link StatementKind#META} statement.
 * <p>
 * Leading comments belong to the statement they precede; a piece that holds no SQL token (a stray {@code ;},
 * trailing comments) is appended to the previous statement. Splitting never throws for a valid Unicode string: an
 * unterminated quote or comment becomes a last statement carrying {@link ScriptStatement#error()}.
 */
public final class ScriptSplitter {

    private static final Pattern SET_SCS = Pattern.compile(
            "(?is)^set\\s+(?:session\\s+|local\\s+)?standard_conforming_strings\\s*(?:=|to)\\s*'?(on|off|true|false|1|0|yes|no)'?\\s*;?$");

    /** Statements that put {@code standard_conforming_strings} back to its default, {@code on}. */
    private static final Pattern RESET_SCS = Pattern.compile(
            "(?is)^(?:reset\\s+(?:standard_conforming_strings|all)|set\\s+(?:session\\s+|local\\s+)?standard_conforming_strings\\s*(?:=|to)\\s*default)\\s*;?$");

    private ScriptSplitter() {
    }

    /**
     * @param utf8 the script as UTF-8 bytes
     * @return the statements in order (empty for a blank script)
     * @throws InvalidRequestException ({@code invalid-sql}) for bytes that are not UTF-8 or that hold NUL
     */
    public static List<ScriptStatement> split(byte[] utf8) {
        return split(decode(utf8));
    }

    /**
     * @param utf8 a script as UTF-8 bytes (RFC 3629)
     * @return the script's text
     * @throws InvalidRequestException ({@code invalid-sql}) for bytes that are not UTF-8
     */
    public static String decode(byte[] utf8) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(utf8))
                .toString();
        }
        catch (CharacterCodingException ex) {
            throw new InvalidRequestException("invalid-sql", "The script is not valid UTF-8.");
        }
    }

    /**
     * @param script the script
     * @return the statements in order (empty for a blank script)
     * @throws InvalidRequestException ({@code invalid-sql}) for a NUL character or an unpaired surrogate (text
     *         that has no UTF-8 form, so PostgreSQL could never receive it)
     */
    public static List<ScriptStatement> split(String script) {
        checkText(script, 0);
        return new Lexer(script, 0, true, 0, new ScriptPositions(script)).run();
    }

    /**
     * Splits the rest of a script from a statement boundary of an earlier split of a script with the same text up to
     * that boundary, without reading that text again (a re-run that changes only the last statements of a long
     * script). The caller vouches that {@code script} starts with the same text as the earlier script up to
     * {@code after.boundary().offset()}.
     *
     * @param script the whole new script
     * @param after the last statement kept from the earlier split
     * @return the statements after {@code after}, numbered from {@code after.index() + 1}; empty when the text after
     *         the boundary would change {@code after} itself (it holds no SQL token, e.g. only a comment or a stray
     *         {@code ;}, which joins the previous statement) or holds nothing — then split the whole script instead
     * @throws InvalidRequestException ({@code invalid-sql}) for a NUL character or an unpaired surrogate after the
     *         boundary
     */
    public static List<ScriptStatement> splitAfter(String script, ScriptStatement after) {
        ScriptStatement.Boundary boundary = after.boundary();
        if (!boundary.resumable()) {
            return List.of();
        }
        checkText(script, boundary.offset());
        Lexer lexer = new Lexer(script, boundary.offset(), boundary.standardConformingStrings(), after.index(),
                new ScriptPositions(script, boundary.offset(), boundary.line(), boundary.lineStart()));
        List<ScriptStatement> rest = lexer.run();
        return lexer.joinedPrevious ? List.of() : rest;
    }

    private static void checkText(String script, int from) {
        for (int i = from; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == 0) {
                throw new InvalidRequestException("invalid-sql",
                        "The script contains a NUL character, which PostgreSQL does not accept in SQL text.");
            }
            if (Character.isHighSurrogate(c) && i + 1 < script.length()
                    && Character.isLowSurrogate(script.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                throw new InvalidRequestException("invalid-sql", "The script is not valid Unicode text.");
            }
        }
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentCont(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    /**
     * A statement found but not numbered yet; {@code next} and {@code scs} are the lexer's position and
     * {@code standard_conforming_strings} after it, {@code resumable} whether it ended with {@code ;} or a
     * {@code \.} line.
     */
    private record Piece(StatementKind kind, int start, int end, int sqlStart, int sqlEnd,
            @Nullable String copyData, @Nullable String error, int next, boolean scs, boolean resumable) {

        Piece(StatementKind kind, int start, int end, int sqlStart, int sqlEnd, @Nullable String copyData,
                @Nullable String error) {
            this(kind, start, end, sqlStart, sqlEnd, copyData, error, -1, true, false);
        }
    }

    private static final class Lexer {

        private final String s;

        private final int n;

        private final List<Piece> pieces = new ArrayList<>();

        private final int firstIndex;

        private final ScriptPositions positions;

        private boolean standardConformingStrings;

        private int pos;

        /** Text with no SQL token after the starting boundary would have joined the statement before it. */
        private boolean joinedPrevious;

        // state of the statement being read
        private int start = -1;

        private boolean hasTokens;

        private int parenDepth;

        private int beginDepth;

        private int identifierCount;

        private final char[] identifiers = new char[4];

        private @Nullable String firstWord;

        private @Nullable String previousWord;

        private boolean fromStdin;

        private @Nullable String error;

        Lexer(String script, int from, boolean standardConformingStrings, int firstIndex, ScriptPositions positions) {
            this.s = script;
            this.n = script.length();
            this.pos = from;
            this.standardConformingStrings = standardConformingStrings;
            this.firstIndex = firstIndex;
            this.positions = positions;
        }

        /** Adds a piece that is not final before what follows it is known. */
        private void add(Piece piece) {
            this.pieces.add(piece);
        }

        /** Adds a piece that ended with {@code ;} or a {@code \.} line, recording where the lexer stands after it. */
        private void addFinal(Piece piece) {
            this.pieces.add(new Piece(piece.kind(), piece.start(), piece.end(), piece.sqlStart(), piece.sqlEnd(),
                    piece.copyData(), piece.error(), this.pos, this.standardConformingStrings, true));
        }

        List<ScriptStatement> run() {
            while (this.pos < this.n) {
                char c = this.s.charAt(this.pos);
                if (isWhitespace(c)) {
                    this.pos++;
                    continue;
                }
                if (c == '\\' && atLineStart(this.pos)) {
                    metaCommand();
                    continue;
                }
                if (this.start < 0) {
                    this.start = this.pos;
                }
                char next = this.pos + 1 < this.n ? this.s.charAt(this.pos + 1) : 0;
                if (c == '-' && next == '-') {
                    int eol = this.s.indexOf('\n', this.pos);
                    this.pos = eol < 0 ? this.n : eol;
                    continue;
                }
                if (c == '/' && next == '*') {
                    blockComment();
                    continue;
                }
                if (c != ';') {
                    this.hasTokens = true;
                }
                if (c == ';') {
                    this.pos++;
                    this.previousWord = null;
                    if (this.parenDepth == 0 && this.beginDepth == 0) {
                        endStatement();
                    }
                }
                else if (c == '\'') {
                    quoted('\'', !this.standardConformingStrings);
                    this.previousWord = null;
                }
                else if (c == '"') {
                    quoted('"', false);
                    this.previousWord = null;
                }
                else if (c == '$') {
                    dollar();
                    this.previousWord = null;
                }
                else if (isIdentStart(c)) {
                    word();
                }
                else if (c >= '0' && c <= '9') {
                    while (this.pos < this.n && (isIdentCont(this.s.charAt(this.pos)) || this.s.charAt(this.pos) == '.')) {
                        this.pos++;
                    }
                    this.previousWord = null;
                }
                else {
                    if (c == '(') {
                        this.parenDepth++;
                    }
                    else if (c == ')' && this.parenDepth > 0) {
                        this.parenDepth--;
                    }
                    this.pos++;
                    this.previousWord = null;
                }
            }
            finish();
            return number();
        }

        private boolean atLineStart(int at) {
            for (int i = at - 1; i >= 0; i--) {
                char c = this.s.charAt(i);
                if (c == '\n') {
                    return true;
                }
                if (c != ' ' && c != '\t' && c != '\r') {
                    return false;
                }
            }
            return true;
        }

        private void metaCommand() {
            if (this.hasTokens) {
                // psql would send the query buffer here (as \g does); the pending text is a statement of its own
                add(new Piece(StatementKind.SQL, this.start, trimEnd(this.pos), this.start,
                        trimEnd(this.pos), null, this.error));
                reset();
            }
            int metaStart = this.pos;
            int eol = this.s.indexOf('\n', this.pos);
            int end = eol < 0 ? this.n : eol;
            int metaEnd = trimEnd(end);
            int pieceStart = this.start >= 0 ? this.start : metaStart;
            this.pos = end;
            add(new Piece(StatementKind.META, pieceStart, metaEnd, metaStart, metaEnd, null, null));
            reset();
        }

        private void blockComment() {
            int depth = 0;
            int i = this.pos;
            while (i < this.n) {
                char c = this.s.charAt(i);
                char next = i + 1 < this.n ? this.s.charAt(i + 1) : 0;
                if (c == '/' && next == '*') {
                    depth++;
                    i += 2;
                }
                else if (c == '*' && next == '/') {
                    depth--;
                    i += 2;
                    if (depth == 0) {
                        this.pos = i;
                        return;
                    }
                }
                else {
                    i++;
                }
            }
            this.pos = this.n;
            this.error = "unterminated /* comment";
        }

        private void quoted(char quote, boolean backslashEscapes) {
            int i = this.pos + 1;
            while (i < this.n) {
                char c = this.s.charAt(i);
                if (backslashEscapes && c == '\\') {
                    i += 2;
                }
                else if (c == quote) {
                    if (i + 1 < this.n && this.s.charAt(i + 1) == quote) {
                        i += 2;
                    }
                    else {
                        this.pos = i + 1;
                        return;
                    }
                }
                else {
                    i++;
                }
            }
            this.pos = this.n;
            this.error = quote == '"' ? "unterminated quoted identifier" : "unterminated quoted string";
        }

        private void dollar() {
            int i = this.pos + 1;
            if (i < this.n && isIdentStart(this.s.charAt(i))) {
                while (i < this.n && isIdentCont(this.s.charAt(i)) && this.s.charAt(i) != '$') {
                    i++;
                }
            }
            if (i >= this.n || this.s.charAt(i) != '$') {
                // not a dollar quote: a parameter ($1) or a lone $
                this.pos++;
                while (this.pos < this.n && this.s.charAt(this.pos) >= '0' && this.s.charAt(this.pos) <= '9') {
                    this.pos++;
                }
                return;
            }
            String tag = this.s.substring(this.pos, i + 1);
            int close = this.s.indexOf(tag, i + 1);
            if (close < 0) {
                this.pos = this.n;
                this.error = "unterminated dollar-quoted string";
                return;
            }
            this.pos = close + tag.length();
        }

        private void word() {
            int wordStart = this.pos;
            while (this.pos < this.n && isIdentCont(this.s.charAt(this.pos))) {
                this.pos++;
            }
            String word = this.s.substring(wordStart, this.pos).toLowerCase(Locale.ROOT);
            if (this.pos < this.n && this.s.charAt(this.pos) == '\'' && word.length() == 1) {
                // E'…' takes backslash escapes; B'…', X'…', N'…' are plain strings
                quoted('\'', word.equals("e") || !this.standardConformingStrings);
                this.previousWord = null;
                return;
            }
            if (word.equals("u") && this.s.startsWith("&", this.pos) && this.pos + 1 < this.n
                    && (this.s.charAt(this.pos + 1) == '\'' || this.s.charAt(this.pos + 1) == '"')) {
                this.pos++;
                quoted(this.s.charAt(this.pos), !this.standardConformingStrings && this.s.charAt(this.pos) == '\'');
                this.previousWord = null;
                return;
            }
            if (this.firstWord == null) {
                this.firstWord = word;
            }
            if ("stdin".equals(word) && "from".equals(this.previousWord)) {
                this.fromStdin = true;
            }
            this.previousWord = word;
            trackBeginDepth(word);
        }

        private void trackBeginDepth(String word) {
            if (word.equals("create") || word.equals("function") || word.equals("procedure") || word.equals("or")
                    || word.equals("replace")) {
                if (this.identifierCount < this.identifiers.length) {
                    this.identifiers[this.identifierCount] = word.charAt(0);
                }
            }
            this.identifierCount++;
            char[] id = this.identifiers;
            boolean routine = id[0] == 'c' && (id[1] == 'f' || id[1] == 'p'
                    || (id[1] == 'o' && id[2] == 'r' && (id[3] == 'f' || id[3] == 'p')));
            if (routine && this.parenDepth == 0) {
                if (word.equals("begin")) {
                    this.beginDepth++;
                }
                else if (word.equals("case") && this.beginDepth >= 1) {
                    this.beginDepth++;
                }
                else if (word.equals("end") && this.beginDepth > 0) {
                    this.beginDepth--;
                }
            }
        }

        private void endStatement() {
            if (!this.hasTokens) {
                strayText(this.pos);
                return;
            }
            if ("copy".equals(this.firstWord) && this.fromStdin) {
                copyData();
            }
            else {
                String text = this.s.substring(this.start, this.pos);
                Matcher scs = SET_SCS.matcher(text);
                if (scs.matches()) {
                    String value = scs.group(1).toLowerCase(Locale.ROOT);
                    this.standardConformingStrings = value.equals("on") || value.equals("true") || value.equals("1")
                            || value.equals("yes");
                }
                else if (RESET_SCS.matcher(text).matches()) {
                    this.standardConformingStrings = true;
                }
                addFinal(new Piece(StatementKind.SQL, this.start, this.pos, this.start, this.pos, null, null));
            }
            reset();
        }

        /**
         * The data of {@code COPY … FROM STDIN} is the lines after the command's line, up to a line {@code \.}. The
         * rest of the command's own line is part of the statement, whatever follows it: psql would run SQL there
         * after the copy, before the statements after the data, an order a script's text cannot show, so SQL there
         * makes the statement fail with a per-statement error (a {@code --} comment there is fine).
         */
        private void copyData() {
            int sqlEnd = this.pos;
            int eol = this.s.indexOf('\n', this.pos);
            String rest = this.s.substring(this.pos, eol < 0 ? this.n : eol).strip();
            String error = rest.isEmpty() || rest.startsWith("--") ? null
                    : "SQL after COPY … FROM STDIN on the same line is not supported: put it after the \\. line";
            if (eol < 0) {
                this.pos = this.n;
                add(new Piece(StatementKind.COPY_FROM_STDIN, this.start, this.n, this.start, sqlEnd, "", error));
                return;
            }
            int lineStart = eol + 1;
            StringBuilder data = new StringBuilder();
            int end = this.n;
            boolean terminated = false;
            while (lineStart < this.n) {
                int lineEnd = this.s.indexOf('\n', lineStart);
                int next = lineEnd < 0 ? this.n : lineEnd + 1;
                String line = this.s.substring(lineStart, lineEnd < 0 ? this.n : lineEnd);
                if (line.equals("\\.") || line.equals("\\.\r")) {
                    end = lineStart + 2;
                    terminated = lineEnd >= 0;
                    lineStart = next;
                    break;
                }
                data.append(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).append('\n');
                lineStart = next;
            }
            end = Math.min(end, this.n);
            this.pos = Math.max(this.pos, Math.min(lineStart, this.n));
            Piece copy = new Piece(StatementKind.COPY_FROM_STDIN, this.start, end, this.start, sqlEnd,
                    data.toString(), error);
            if (terminated) {
                addFinal(copy);
            }
            else {
                add(copy);
            }
        }

        /** Text without any SQL token (comments, a stray semicolon) joins the previous statement. */
        private void strayText(int end) {
            if (this.pieces.isEmpty()) {
                // keep it as the leading text of the next statement (or, when splitting after a boundary, it would
                // have joined the statement before the boundary)
                this.joinedPrevious = this.firstIndex > 0;
                return;
            }
            // the stray text belongs to the statement's source (and chain hash) but is not sent: pgjdbc would
            // answer a trailing comment or ";" with an extra empty result
            Piece last = this.pieces.removeLast();
            // a stray ";" leaves the statement final again; trailing text at the end of the script does not
            boolean resumable = end == this.pos && this.pos > 0 && this.s.charAt(this.pos - 1) == ';';
            this.pieces.add(new Piece(last.kind(), last.start(), end, last.sqlStart(), last.sqlEnd(),
                    last.copyData(), last.error(), this.pos, this.standardConformingStrings, resumable));
            reset();
        }

        private void finish() {
            if (this.start < 0) {
                return;
            }
            int end = trimEnd(this.n);
            if (this.hasTokens || this.error != null) {
                add(new Piece(StatementKind.SQL, this.start, end, this.start, end, null, this.error));
            }
            else if (!this.pieces.isEmpty() || this.firstIndex > 0) {
                strayText(end);
            }
            else {
                add(new Piece(StatementKind.EMPTY, this.start, end, this.start, end, null, null));
            }
            reset();
        }

        private int trimEnd(int end) {
            int e = end;
            while (e > 0 && isWhitespace(this.s.charAt(e - 1))) {
                e--;
            }
            return Math.max(e, this.start < 0 ? 0 : this.start);
        }

        private void reset() {
            this.start = -1;
            this.hasTokens = false;
            this.parenDepth = 0;
            this.beginDepth = 0;
            this.identifierCount = 0;
            Arrays.fill(this.identifiers, (char) 0);
            this.firstWord = null;
            this.previousWord = null;
            this.fromStdin = false;
            this.error = null;
        }

        private List<ScriptStatement> number() {
            List<ScriptStatement> statements = new ArrayList<>(this.pieces.size());
            for (Piece piece : this.pieces) {
                int end = Math.max(piece.start(), trimEnd2(piece.end()));
                String text = this.s.substring(piece.start(), end);
                String sql = this.s.substring(piece.sqlStart(), Math.max(piece.sqlStart(), trimEnd2(piece.sqlEnd())));
                int next = Math.min(Math.max(piece.next(), end), this.n);
                int nextLine = this.positions.line(next);
                ScriptStatement.Boundary boundary = new ScriptStatement.Boundary(next, piece.scs(), nextLine,
                        this.positions.lineStart(nextLine), piece.resumable());
                statements.add(new ScriptStatement(this.firstIndex + statements.size() + 1, piece.kind(), text, sql,
                        piece.copyData(), piece.start(), end, this.positions.line(piece.start()),
                        this.positions.column(piece.start()), piece.error(), boundary));
            }
            return statements;
        }

        private int trimEnd2(int end) {
            int e = Math.min(end, this.n);
            while (e > 0 && isWhitespace(this.s.charAt(e - 1))) {
                e--;
            }
            return e;
        }
    }
}
