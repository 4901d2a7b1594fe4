package io.taidon.vcssync.project;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.security.CurrentUser;

/**
 * Projects: {@code POST /api/projects} ({@link CreateProjectRequest}) → 201 {@link ProjectResponse};
 * {@code GET /api/projects} → the caller's projects; {@code GET /api/projects/{id}} → one;
 * {@code DELETE /api/projects/{id}} → 204; {@code GET /api/projects/{id}/export} → {@code application/zip}.
 * Another user's project is 404. Errors: 400 {@code invalid-name}, {@code unknown-template}, {@code invalid-path};
 * 403 {@code quota-exceeded}; 413 {@code file-too-large}; sql-runner's 4xx for a history import (e.g. 404 for
 * another's sandbox); 503 when sql-runner does not answer.
 */
@RestController
@RequestMapping("/api/projects")
class ProjectController {

    private final ProjectService projects;

    private final RunHistoryImport history;

    ProjectController(ProjectService projects, RunHistoryImport history) {
        this.projects = projects;
        this.history = history;
    }

    @PostMapping
    ResponseEntity<ProjectResponse> create(@RequestBody(required = false) @Nullable CreateProjectRequest request) {
        if (request == null) {
            throw new InvalidRequestException("invalid-name", "The body must be a JSON object with a name.");
        }
        SequencedMap<String, String> tree = new LinkedHashMap<>();
        if (request.templateId() != null) {
            tree.putAll(ProjectTemplates.files(request.templateId()));
        }
        String sandboxId = request.sandboxId();
        if (request.fromSandboxId() != null) {
            // asked before the transaction: sql-runner answers as the caller, and another's sandbox is its 404
            tree.putAll(this.history.tree(request.fromSandboxId(), this.projects.quota().maxFiles()));
            sandboxId = sandboxId == null ? request.fromSandboxId() : sandboxId;
        }
        ProjectResponse created = this.projects.create(CurrentUser.id(), request.name(), sandboxId, tree);
        return ResponseEntity.created(URI.create("/api/projects/" + created.id())).body(created);
    }

    @GetMapping
    List<ProjectResponse> list() {
        return this.projects.list(CurrentUser.id());
    }

    @GetMapping("/{projectId}")
    ProjectResponse get(@PathVariable String projectId) {
        return this.projects.get(CurrentUser.id(), projectId);
    }

    @DeleteMapping("/{projectId}")
    ResponseEntity<Void> delete(@PathVariable String projectId) {
        this.projects.delete(CurrentUser.id(), projectId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{projectId}/export")
    ResponseEntity<byte[]> export(@PathVariable String projectId) {
        String userId = CurrentUser.id();
        byte[] zip = this.projects.exportZip(userId, projectId);
        String name = this.projects.get(userId, projectId).name().replaceAll("[^A-Za-z0-9._-]+", "_");
        return ResponseEntity.ok()
            .contentType(MediaType.parseMediaType("application/zip"))
            .header(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(name + ".zip").build().toString())
            .body(zip);
    }
}
