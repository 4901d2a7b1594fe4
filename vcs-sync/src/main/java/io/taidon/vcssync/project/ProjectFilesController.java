package io.taidon.vcssync.project;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import io.taidon.platform.security.CurrentUser;

/**
 * A project's tree and files. {@code GET /api/projects/{id}/tree} → {@link TreeResponse}.
 * {@code GET /api/projects/{id}/files/{path}} → the file's text ({@code text/plain; charset=UTF-8}) with its
 * {@code ETag}; {@code If-None-Match} with that tag → 304. {@code PUT …/files/{path}} with the file's bytes (any
 * content type; UTF-8) → 201 (new) or 200 with the new {@code ETag}: changing an existing file needs
 * {@code If-Match} (else 428 {@code if-match-required}); a stale tag is 412 {@code etag-mismatch};
 * {@code If-None-Match: *} makes it create-only. {@code DELETE …/files/{path}} with {@code If-Match} → 204.
 * Errors: 400 {@code invalid-path} / {@code invalid-content}, 403 {@code quota-exceeded} (files or bytes per project),
 * 404 (no such project of the caller's, or no such file), 413 {@code file-too-large}.
 */
@RestController
@RequestMapping("/api/projects/{projectId}")
class ProjectFilesController {

    private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final ProjectService projects;

    ProjectFilesController(ProjectService projects) {
        this.projects = projects;
    }

    @GetMapping("/tree")
    TreeResponse tree(@PathVariable String projectId) {
        return this.projects.tree(CurrentUser.id(), projectId);
    }

    @GetMapping("/files/{*path}")
    ResponseEntity<byte[]> read(@PathVariable String projectId, @PathVariable String path,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
        ProjectFile file = this.projects.file(CurrentUser.id(), projectId, path);
        String etag = ETags.of(file.sha256());
        if (ifNoneMatch != null && ETags.matches(ifNoneMatch, file.sha256())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().contentType(TEXT).eTag(etag).body(file.content().getBytes(StandardCharsets.UTF_8));
    }

    @PutMapping("/files/{*path}")
    ResponseEntity<TreeResponse.Entry> write(@PathVariable String projectId, @PathVariable String path,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
        ProjectService.Written written = this.projects.put(CurrentUser.id(), projectId, path,
                body == null ? new byte[0] : body, ifMatch, ifNoneMatch);
        ProjectFile file = written.file();
        TreeResponse.Entry entry = new TreeResponse.Entry(file.path(), ProjectPaths.folder(file.path()),
                file.content().getBytes(StandardCharsets.UTF_8).length, ETags.of(file.sha256()),
                java.time.Instant.now());
        ResponseEntity.BodyBuilder answer = written.created()
                ? ResponseEntity.created(URI.create("/api/projects/" + projectId + "/files/"
                        + UriUtils.encodePath(file.path(), StandardCharsets.UTF_8)))
                : ResponseEntity.ok();
        return answer.eTag(entry.etag()).body(entry);
    }

    @DeleteMapping("/files/{*path}")
    ResponseEntity<Void> delete(@PathVariable String projectId, @PathVariable String path,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        this.projects.deleteFile(CurrentUser.id(), projectId, path, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
