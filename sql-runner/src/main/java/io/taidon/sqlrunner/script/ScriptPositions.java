package io.taidon.sqlrunner.script;

import java.util.Arrays;

/**
 * Maps offsets in a script to 1-based lines and columns. Lines end at {@code \n}; columns count Unicode code
 * points, like PostgreSQL's error {@code position} counts characters. The line table is built on first use, and
 * only from an anchor on when one is given (a long script's prefix need not be read again).
 */
public final class ScriptPositions {

    private final String script;

    private final int firstLineStart;

    private final int anchorLine;

    private int[] lineStarts;

    /**
     * @param script the whole script
     */
    public ScriptPositions(String script) {
        this(script, 0, 1, 0);
    }

    /**
     * Positions of offsets at or after an anchor whose line is known.
     *
     * @param script the whole script
     * @param anchor an offset into the script
     * @param anchorLine 1-based line of {@code anchor}
     * @param anchorLineStart offset of that line's first character ({@code <= anchor})
     */
    public ScriptPositions(String script, int anchor, int anchorLine, int anchorLineStart) {
        this.script = script;
        this.firstLineStart = anchorLineStart;
        this.anchorLine = anchorLine;
        this.lineStarts = new int[0];
        if (anchor < anchorLineStart) {
            throw new IllegalArgumentException("the anchor's line starts after it");
        }
    }

    /**
     * @param offset UTF-16 offset into the script, from the anchor (0 without one) to length
     * @return 1-based line of that offset
     */
    public int line(int offset) {
        int found = Arrays.binarySearch(starts(), offset);
        int index = found >= 0 ? found : -found - 2;
        return this.anchorLine + index;
    }

    /**
     * @param line a 1-based line at or after the anchor's
     * @return offset of that line's first character
     */
    public int lineStart(int line) {
        return starts()[line - this.anchorLine];
    }

    /**
     * @param offset UTF-16 offset into the script, from the anchor (0 without one) to length
     * @return 1-based column (code points from the start of its line)
     */
    public int column(int offset) {
        int lineStart = lineStart(line(offset));
        return this.script.codePointCount(lineStart, offset) + 1;
    }

    private int[] starts() {
        if (this.lineStarts.length == 0) {
            int[] starts = new int[16];
            int count = 0;
            starts[count++] = this.firstLineStart;
            for (int i = this.script.indexOf('\n', this.firstLineStart); i >= 0; i = this.script.indexOf('\n', i + 1)) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
            this.lineStarts = Arrays.copyOf(starts, count);
        }
        return this.lineStarts;
    }
}
