package io.taidon.sqlrunner.script;

import java.util.Arrays;

/**
 * Maps offsets in a script to 1-based lines and columns. Lines end at {@code \n}; columns count Unicode code
 * points, like PostgreSQL's error {@code position} counts characters.
 */
public final class ScriptPositions {

    private final String script;

    private final int[] lineStarts;

    /**
     * @param script the whole script
     */
    public ScriptPositions(String script) {
        this.script = script;
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < script.length(); i++) {
            if (script.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /**
     * @param offset UTF-16 offset into the script, 0 to length
     * @return 1-based line of that offset
     */
    public int line(int offset) {
        int found = Arrays.binarySearch(this.lineStarts, offset);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /**
     * @param offset UTF-16 offset into the script, 0 to length
     * @return 1-based column (code points from the start of its line)
     */
    public int column(int offset) {
        int lineStart = this.lineStarts[line(offset) - 1];
        return this.script.codePointCount(lineStart, offset) + 1;
    }
}
