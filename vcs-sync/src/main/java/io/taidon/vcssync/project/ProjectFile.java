package io.taidon.vcssync.project;

/**
 * A file of a project's tree, for the features that read whole trees (runs, Git sync, export).
 *
 * @param path its path ({@link ProjectPaths})
 * @param content its text
 * @param sha256 hex SHA-256 of the content's UTF-8 bytes
 */
public record ProjectFile(String path, String content, String sha256) {
}
