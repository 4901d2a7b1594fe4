package io.taidon.vcssync.project;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/projects/{id}/tree}: every file, sorted by path (Java {@code String} order, which is the run order
 * within a folder).
 *
 * @param projectId the project
 * @param revision the tree's revision
 * @param files the files
 * @param fileCount number of files
 * @param totalBytes bytes of all files
 */
public record TreeResponse(String projectId, long revision, List<Entry> files, int fileCount, long totalBytes) {

    /**
     * @param path the file's path
     * @param folder its run folder ({@code init}, {@code seed}, {@code test}, {@code bench}) or null
     * @param size bytes (UTF-8)
     * @param etag its strong ETag, {@code "<hex SHA-256 of the content>"}
     * @param updatedAt when it last changed
     */
    public record Entry(String path, @org.jspecify.annotations.Nullable String folder, int size, String etag,
            Instant updatedAt) {
    }
}
