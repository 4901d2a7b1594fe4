package io.taidon.sqlrunner.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** Leading keywords of a statement (comments skipped) and the command tag psql would print for it. */
final class CommandTags {

    private static final Set<String> OBJECT_MODIFIERS = Set.of("or", "replace", "unique", "temp", "temporary",
            "unlogged", "global", "local", "recursive", "trusted", "procedural", "default", "constraint", "if",
            "concurrently");

    private CommandTags() {
    }

    /**
     * @param sql statement text
     * @param max how many words
     * @return up to {@code max} lower-case leading words, skipping whitespace and comments
     */
    static List<String> leadingWords(String sql, int max) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n && words.size() < max) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            }
            else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            }
            else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                while (i < n) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    }
                    else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            break;
                        }
                    }
                    else {
                        i++;
                    }
                }
            }
            else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                words.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
            }
            else {
                break;
            }
        }
        return words;
    }

    /**
     * @param sql a statement
     * @return whether it is {@code COPY table [(columns)] TO STDOUT …} or {@code COPY (query) TO STDOUT …}: the
     *         parenthesised part is skipped (with its quoted strings, quoted identifiers and comments) before the
     *         words {@code to stdout} are looked for
     */
    static boolean isCopyToStdout(String sql) {
        List<String> words = leadingWords(sql, 1);
        if (words.isEmpty() || !words.getFirst().equals("copy")) {
            return false;
        }
        int i = sql.toLowerCase(Locale.ROOT).indexOf("copy") + 4;
        int n = sql.length();
        StringBuilder rest = new StringBuilder();
        int depth = 0;
        while (i < n && rest.length() < 4096) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                while (end > 0 && end + 1 < n && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                i = end < 0 ? n : end + 1;
                rest.append(' ');
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol;
                continue;
            }
            if (c == '(') {
                depth++;
            }
            else if (c == ')') {
                depth--;
                rest.append(' ');
            }
            else if (depth == 0) {
                rest.append(c);
            }
            i++;
        }
        String[] after = rest.toString().toLowerCase(Locale.ROOT).trim().split("[^\\p{L}\\p{N}_$]+");
        for (int w = 0; w + 1 < after.length; w++) {
            if (after[w].equals("to") && after[w + 1].equals("stdout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param sql the statement
     * @param count rows returned or affected, or null
     * @param returnedRows whether the statement returned a result set
     * @return the tag, e.g. {@code SELECT 3}, {@code INSERT 0 1}, {@code CREATE TABLE}
     */
    static @Nullable String of(String sql, @Nullable Long count, boolean returnedRows) {
        List<String> words = leadingWords(sql, 6);
        if (words.isEmpty()) {
            return null;
        }
        String first = words.getFirst();
        long n = count == null ? 0 : count;
        switch (first) {
            case "insert":
                return "INSERT 0 " + n;
            case "update", "delete", "merge", "copy", "fetch", "move":
                return first.toUpperCase(Locale.ROOT) + " " + n;
            case "select", "values", "table", "with", "show", "explain":
                if (returnedRows) {
                    return first.equals("show") || first.equals("explain") ? first.toUpperCase(Locale.ROOT)
                            : "SELECT " + n;
                }
                return first.equals("select") && words.contains("into") ? "SELECT " + n : first.toUpperCase(Locale.ROOT);
            case "create", "alter", "drop", "comment", "grant", "revoke", "security":
                for (int i = 1; i < words.size(); i++) {
                    if (!OBJECT_MODIFIERS.contains(words.get(i))) {
                        String object = words.get(i);
                        if (object.equals("materialized") || object.equals("foreign") || object.equals("event")
                                || object.equals("text") || object.equals("access") || object.equals("operator")) {
                            object = i + 1 < words.size() ? object + " " + words.get(i + 1) : object;
                        }
                        if (first.equals("create") && (object.equals("table") && words.contains("as"))) {
                            return "SELECT " + n;
                        }
                        return first.equals("comment") || first.equals("grant") || first.equals("revoke")
                                ? first.toUpperCase(Locale.ROOT)
                                : (first + " " + object).toUpperCase(Locale.ROOT);
                    }
                }
                return first.toUpperCase(Locale.ROOT);
            case "start":
                return "START TRANSACTION";
            case "end":
                return "COMMIT";
            case "abort":
                return "ROLLBACK";
            default:
                return first.toUpperCase(Locale.ROOT);
        }
    }
}
