package io.taidon.vcssync.project;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.taidon.platform.problem.InvalidRequestException;

/**
 * The path rules of a project's files. A path is relative, {@code /}-separated, at most {@value #MAX_LENGTH}
 * characters and {@value #MAX_DEPTH} segments deep; each segment is 1 to {@value #MAX_SEGMENT} characters of
 * Unicode in NFC (so two paths that look alike are one path), without control characters, {@code \}, {@code :} or
 * {@code *?"<>|}, and is neither {@code .} nor {@code ..} nor {@code .git} (which Git would refuse). The folders
 * {@link #FOLDERS} are what a run executes; files elsewhere (a README, notes) are kept and synced but never run.
 */
public final class ProjectPaths {

    /** Longest path, in characters. */
    public static final int MAX_LENGTH = 255;

    /** Longest segment, in characters. */
    public static final int MAX_SEGMENT = 100;

    /** Deepest path, in segments. */
    public static final int MAX_DEPTH = 8;

    /** The folders a run executes, in run order. */
    public static final List<String> FOLDERS = List.of("init", "seed", "test", "bench");

    private ProjectPaths() {
    }

    /**
     * @param raw a path as the caller sent it (one leading {@code /} is dropped: it is the URL's separator)
     * @return the path
     * @throws InvalidRequestException {@code invalid-path} (400) when it breaks a rule, saying which
     */
    public static String require(@Nullable String raw) {
        String path = raw == null ? "" : raw.startsWith("/") ? raw.substring(1) : raw;
        if (path.isEmpty()) {
            throw invalid("The path is empty.");
        }
        if (path.startsWith("/")) {
            throw invalid("Absolute paths are not allowed.");
        }
        if (path.length() > MAX_LENGTH) {
            throw invalid("The path is longer than " + MAX_LENGTH + " characters.");
        }
        if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
            throw invalid("The path must be Unicode in NFC form.");
        }
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_DEPTH) {
            throw invalid("The path is deeper than " + MAX_DEPTH + " segments.");
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw invalid("The path has an empty segment.");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid("The path must not contain '.' or '..' segments.");
            }
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                throw invalid("The path must not contain a '.git' segment.");
            }
            if (segment.length() > MAX_SEGMENT) {
                throw invalid("A path segment is longer than " + MAX_SEGMENT + " characters.");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (Character.isISOControl(c) || "\\:*?\"<>|".indexOf(c) >= 0
                        || (Character.isSurrogate(c) && !validSurrogateAt(segment, i))) {
                    throw invalid("The path contains a character that is not allowed (control characters and"
                            + " \\ : * ? \" < > | are not).");
                }
            }
        }
        return path;
    }

    /**
     * @param path a valid path
     * @return its run folder ({@code init}, {@code seed}, {@code test}, {@code bench}), or null for a file outside
     */
    public static @Nullable String folder(String path) {
        int slash = path.indexOf('/');
        String first = slash < 0 ? null : path.substring(0, slash);
        return first != null && FOLDERS.contains(first) ? first : null;
    }

    private static boolean validSurrogateAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    private static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException("invalid-path", detail);
    }
}
