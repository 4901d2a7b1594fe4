package io.taidon.vcssync.run;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;

/**
 * One script made of files, and which file each of sql-runner's statements came from. Files are joined in order,
 * each ending with a line break, so a file's last statement must end with {@code ;} (else it runs on into the next
 * file). sql-runner splits by PostgreSQL's lexical rules and reports each statement's text with its leading comments;
 * the layout finds each text in the script in order ({@link #attribute}), which maps it to a file and a line without
 * a second SQL splitter here.
 */
final class ScriptLayout {

    private final StringBuilder script = new StringBuilder();

    private final List<Part> parts = new ArrayList<>();

    /**
     * @param path the file's path, or null for a part that is not reported (the tail's marker)
     * @param text its text
     * @return this layout
     */
    ScriptLayout add(@Nullable String path, String text) {
        int start = this.script.length();
        this.script.append(text);
        if (!text.endsWith("\n")) {
            this.script.append('\n');
        }
        this.parts.add(new Part(path, start, this.script.length()));
        return this;
    }

    String script() {
        return this.script.toString();
    }

    /**
     * @param statements sql-runner's results for {@link #script()}, in order
     * @return each with its part, its 1-based index and line within the part, and the text before it since the
     *         previous statement (where its expectation is written)
     */
    List<Located> attribute(List<SqlRunnerClient.Statement> statements) {
        String text = this.script.toString();
        List<Located> located = new ArrayList<>();
        int cursor = 0;
        int[] perPart = new int[this.parts.size()];
        for (SqlRunnerClient.Statement statement : statements) {
            int at = statement.sql().isEmpty() ? -1 : text.indexOf(statement.sql(), cursor);
            String leading;
            int from = cursor;
            if (at < 0) {
                at = Math.min(cursor, Math.max(0, text.length() - 1));
                leading = "";
            }
            else {
                leading = text.substring(cursor, at + statement.sql().length());
                cursor = at + statement.sql().length();
            }
            int firstToken = firstNonBlank(text, from, at);
            int partIndex = partAt(firstToken);
            Part part = this.parts.get(partIndex);
            perPart[partIndex]++;
            int line = 1;
            for (int i = part.start(); i < firstToken && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            located.add(new Located(statement, part.path(), perPart[partIndex], line, leading, partIndex,
                    firstToken - part.start(), cursor - part.start()));
        }
        return located;
    }

    private static int firstNonBlank(String text, int from, int fallback) {
        for (int i = from; i < fallback; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return fallback;
    }

    private int partAt(int offset) {
        for (int i = 0; i < this.parts.size(); i++) {
            if (offset < this.parts.get(i).end()) {
                return i;
            }
        }
        return this.parts.size() - 1;
    }

    /**
     * @param path the file, or null
     * @param start offset of its first character in the script
     * @param end offset just after its last
     */
    record Part(@Nullable String path, int start, int end) {
    }

    /**
     * @param statement sql-runner's result
     * @param path the file it came from, or null for an unreported part
     * @param index 1-based among its part's statements
     * @param line 1-based line in its part where it (with leading comments) starts
     * @param leading the script text from the end of the previous statement to the end of this one
     * @param part index of its part
     * @param startInPart offset in its part where it (with leading comments) starts
     * @param endInPart offset in its part just after its text
     */
    record Located(SqlRunnerClient.Statement statement, @Nullable String path, int index, int line, String leading,
            int part, int startInPart, int endInPart) {
    }
}
