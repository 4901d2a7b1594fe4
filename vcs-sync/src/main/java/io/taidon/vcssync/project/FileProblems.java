package io.taidon.vcssync.project;

import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.TaidonProblemException;

/** The HTTP problems of file writes that the platform has no class for. */
final class FileProblems {

    private FileProblems() {
    }

    /** @return 412 {@code etag-mismatch}: the file changed (or appeared, or went) since the caller read it */
    static TaidonProblemException etagMismatch(String path) {
        return new TaidonProblemException(HttpStatus.PRECONDITION_FAILED, "etag-mismatch", "Precondition failed",
                "The file '" + path + "' is not at the version If-Match names (or If-None-Match: * found it);"
                        + " read it again and retry.");
    }

    /** @return 428 {@code if-match-required} (RFC 6585): changing an existing file needs its ETag */
    static TaidonProblemException ifMatchRequired(String path) {
        return new TaidonProblemException(HttpStatus.PRECONDITION_REQUIRED, "if-match-required",
                "Precondition required",
                "The file '" + path + "' exists: send If-Match with its ETag (or If-Match: *) to change or delete it.");
    }

    /** @return 413 {@code file-too-large} */
    static TaidonProblemException fileTooLarge(long limit) {
        return new TaidonProblemException(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "File too large",
                "Your quota allows files of at most " + limit + " bytes.");
    }
}
