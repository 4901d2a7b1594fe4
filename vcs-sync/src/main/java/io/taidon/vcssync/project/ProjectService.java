package io.taidon.vcssync.project;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.QuotaExceededException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.platform.security.CurrentUser;
import io.taidon.vcssync.config.VcsSyncProperties;

/**
 * Projects and their trees: the platform's copy is the source of truth. Every lookup is by id <em>and</em> owner, so
 * another user's project is answered like a missing one (404). Writes of a file are guarded by its ETag
 * ({@code If-Match}), so two editors never overwrite each other silently; limits come from the caller's kind of
 * user ({@link VcsSyncProperties.Limits}).
 */
@Service
public class ProjectService {

    /** Longest project name, in characters. */
    static final int MAX_NAME = 100;

    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProjectRepository projects;

    private final ProjectFileRepository files;

    private final VcsSyncProperties properties;

    private final AuditRecorder audit;

    private final MeterRegistry meters;

    private final Clock clock;

    ProjectService(ProjectRepository projects, ProjectFileRepository files, VcsSyncProperties properties,
            AuditRecorder audit, MeterRegistry meters) {
        this.projects = projects;
        this.files = files;
        this.properties = properties;
        this.audit = audit;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param userId the owner
     * @param name the project's name
     * @param sandboxId where it runs, or null for the default sandbox
     * @param tree its first files by path (a template's, or imported from run history)
     * @return the project
     * @throws InvalidRequestException {@code invalid-name} (400)
     * @throws QuotaExceededException when the owner has as many projects as allowed (403)
     */
    @Transactional
    public ProjectResponse create(String userId, @Nullable String name, @Nullable String sandboxId,
            SequencedMap<String, String> tree) {
        String checkedName = name == null ? "" : name.strip();
        if (checkedName.isEmpty() || checkedName.length() > MAX_NAME || checkedName.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("invalid-name",
                    "name must be 1 to " + MAX_NAME + " characters without control characters.");
        }
        if (sandboxId != null && (sandboxId.isBlank() || sandboxId.length() > 100)) {
            throw new InvalidRequestException("invalid-sandbox-id", "sandboxId must be 1 to 100 characters.");
        }
        VcsSyncProperties.Quota quota = quota();
        if (this.projects.countByUserId(userId) >= quota.maxProjects()) {
            throw new QuotaExceededException("projects", quota.maxProjects());
        }
        checkTree(tree, quota);
        Instant now = this.clock.instant();
        ProjectEntity project = this.projects.save(new ProjectEntity(newId("prj_"), userId, checkedName, sandboxId, now));
        tree.forEach((path, content) -> this.files.save(new ProjectFileEntity(project.id(), ProjectPaths.require(path),
                content, Digests.sha256(content), utf8Length(content), now)));
        this.audit.record(userId, "project.create", "project", project.id(), AuditEvent.SUCCESS);
        return response(project);
    }

    /**
     * @param userId the caller
     * @return the caller's projects, oldest first
     */
    @Transactional(readOnly = true)
    public List<ProjectResponse> list(String userId) {
        return this.projects.findByUserIdOrderByCreatedAtAsc(userId).stream().map(this::response).toList();
    }

    /**
     * @param userId the caller
     * @param projectId a project id
     * @return the caller's project
     * @throws NotFoundException when the caller has no such project (404)
     */
    @Transactional(readOnly = true)
    public ProjectResponse get(String userId, String projectId) {
        return response(owned(userId, projectId));
    }

    /**
     * Deletes a project with its files (its Git remote is left as it is).
     *
     * @param userId the caller
     * @param projectId a project id
     * @throws NotFoundException when the caller has no such project (404)
     */
    @Transactional
    public void delete(String userId, String projectId) {
        ProjectEntity project = owned(userId, projectId);
        this.files.deleteByProjectId(project.id());
        this.projects.delete(project);
        this.audit.record(userId, "project.delete", "project", projectId, AuditEvent.SUCCESS);
    }

    /**
     * @param userId the caller
     * @param projectId a project id
     * @return every file's path, size and ETag, sorted by path
     * @throws NotFoundException when the caller has no such project (404)
     */
    @Transactional(readOnly = true)
    public TreeResponse tree(String userId, String projectId) {
        ProjectEntity project = owned(userId, projectId);
        List<ProjectFileEntity> all = this.files.findByKeyProjectIdOrderByKeyPathAsc(project.id());
        List<TreeResponse.Entry> entries = all.stream()
            .map(f -> new TreeResponse.Entry(f.path(), ProjectPaths.folder(f.path()), f.sizeBytes(),
                    ETags.of(f.sha256()), f.updatedAt()))
            .toList();
        return new TreeResponse(project.id(), project.revision(), entries, entries.size(),
                all.stream().mapToLong(ProjectFileEntity::sizeBytes).sum());
    }

    /**
     * @param userId the caller
     * @param projectId a project id
     * @param rawPath the file's path
     * @return the file
     * @throws NotFoundException when the caller has no such project or file (404)
     * @throws InvalidRequestException {@code invalid-path} (400)
     */
    @Transactional(readOnly = true)
    public ProjectFile file(String userId, String projectId, String rawPath) {
        ProjectEntity project = owned(userId, projectId);
        String path = ProjectPaths.require(rawPath);
        ProjectFileEntity file = this.files.findByKeyProjectIdAndKeyPath(project.id(), path)
            .orElseThrow(() -> NotFoundException.forId("file", path));
        return new ProjectFile(file.path(), file.content(), file.sha256());
    }

    /**
     * Creates or replaces a file. Without {@code If-Match} only a new file may be written; {@code If-None-Match: *}
     * insists on that. {@code If-Match} must name the file's current ETag (or be {@code *}).
     *
     * @param userId the caller
     * @param projectId a project id
     * @param rawPath the file's path
     * @param bytes its new content, UTF-8
     * @param ifMatch the {@code If-Match} header, or null
     * @param ifNoneMatch the {@code If-None-Match} header, or null
     * @return the written file and whether it was created
     * @throws NotFoundException when the caller has no such project (404)
     * @throws InvalidRequestException {@code invalid-path}, {@code invalid-content} (400)
     * @throws TaidonProblemException 412 {@code etag-mismatch}, 428 {@code if-match-required}, 413
     *         {@code file-too-large}
     * @throws QuotaExceededException when the project would hold more files or bytes than allowed (403)
     */
    @Transactional
    public Written put(String userId, String projectId, String rawPath, byte[] bytes, @Nullable String ifMatch,
            @Nullable String ifNoneMatch) {
        ProjectEntity project = owned(userId, projectId);
        String path = ProjectPaths.require(rawPath);
        VcsSyncProperties.Quota quota = quota();
        if (bytes.length > quota.maxFileSize().toBytes()) {
            throw FileProblems.fileTooLarge(quota.maxFileSize().toBytes());
        }
        String content = FileContents.decode(bytes, path);
        ProjectFileEntity existing = this.files.findByKeyProjectIdAndKeyPath(project.id(), path).orElse(null);
        String current = existing == null ? null : existing.sha256();
        if (ifNoneMatch != null && (existing != null && (ifNoneMatch.trim().equals("*") || ETags.matches(ifNoneMatch, current)))) {
            written("conflict");
            throw FileProblems.etagMismatch(path);
        }
        if (ifMatch != null && !ETags.matches(ifMatch, current)) {
            written("conflict");
            throw FileProblems.etagMismatch(path);
        }
        if (ifMatch == null && existing != null) {
            written("conflict");
            throw FileProblems.ifMatchRequired(path);
        }
        List<ProjectFileEntity> all = this.files.findByKeyProjectIdOrderByKeyPathAsc(project.id());
        int count = all.size() + (existing == null ? 1 : 0);
        long total = all.stream().mapToLong(ProjectFileEntity::sizeBytes).sum() - (existing == null ? 0 : existing.sizeBytes())
                + bytes.length;
        if (count > quota.maxFiles()) {
            throw new QuotaExceededException("files per project", quota.maxFiles());
        }
        if (total > quota.maxProjectSize().toBytes()) {
            throw new QuotaExceededException("bytes per project", quota.maxProjectSize().toBytes());
        }
        Instant now = this.clock.instant();
        String sha256 = Digests.sha256(bytes);
        if (existing == null) {
            this.files.save(new ProjectFileEntity(project.id(), path, content, sha256, bytes.length, now));
        }
        else {
            existing.replace(content, sha256, bytes.length, now);
        }
        project.treeChanged(now);
        written(existing == null ? "created" : "updated");
        this.audit.record(userId, "project.file.put", "project", project.id(), AuditEvent.SUCCESS);
        return new Written(new ProjectFile(path, content, sha256), existing == null);
    }

    /**
     * @param userId the caller
     * @param projectId a project id
     * @param rawPath the file's path
     * @param ifMatch the {@code If-Match} header (required)
     * @throws NotFoundException when the caller has no such project or file (404)
     * @throws TaidonProblemException 412 {@code etag-mismatch}, 428 {@code if-match-required}
     */
    @Transactional
    public void deleteFile(String userId, String projectId, String rawPath, @Nullable String ifMatch) {
        ProjectEntity project = owned(userId, projectId);
        String path = ProjectPaths.require(rawPath);
        ProjectFileEntity existing = this.files.findByKeyProjectIdAndKeyPath(project.id(), path)
            .orElseThrow(() -> NotFoundException.forId("file", path));
        if (ifMatch == null) {
            throw FileProblems.ifMatchRequired(path);
        }
        if (!ETags.matches(ifMatch, existing.sha256())) {
            written("conflict");
            throw FileProblems.etagMismatch(path);
        }
        this.files.delete(existing);
        project.treeChanged(this.clock.instant());
        written("deleted");
        this.audit.record(userId, "project.file.delete", "project", project.id(), AuditEvent.SUCCESS);
    }

    /**
     * The project as a zip archive (PKWARE APPNOTE, deflated): one entry per file at its path, in path order, each
     * stamped with the file's last change.
     *
     * @param userId the caller
     * @param projectId a project id
     * @return the archive's bytes
     * @throws NotFoundException when the caller has no such project (404)
     */
    @Transactional
    public byte[] exportZip(String userId, String projectId) {
        ProjectEntity project = owned(userId, projectId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (ProjectFileEntity file : this.files.findByKeyProjectIdOrderByKeyPathAsc(project.id())) {
                ZipEntry entry = new ZipEntry(file.path());
                entry.setTime(file.updatedAt().toEpochMilli());
                zip.putNextEntry(entry);
                zip.write(file.content().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.audit.record(userId, "project.export", "project", project.id(), AuditEvent.SUCCESS);
        return out.toByteArray();
    }

    /**
     * @param userId the caller
     * @param projectId a project id
     * @return the caller's project's settings
     * @throws NotFoundException when the caller has no such project (404)
     */
    @Transactional(readOnly = true)
    public Project project(String userId, String projectId) {
        ProjectEntity p = owned(userId, projectId);
        return new Project(p.id(), p.userId(), p.name(), p.sandboxId(), p.revision(), p.remoteUrl(), p.remoteBranch(),
                p.credentialId(), p.syncedCommit());
    }

    /**
     * @param userId the caller
     * @param projectId a project id
     * @return every file, sorted by path
     * @throws NotFoundException when the caller has no such project (404)
     */
    @Transactional(readOnly = true)
    public List<ProjectFile> files(String userId, String projectId) {
        ProjectEntity project = owned(userId, projectId);
        return this.files.findByKeyProjectIdOrderByKeyPathAsc(project.id()).stream()
            .map(f -> new ProjectFile(f.path(), f.content(), f.sha256()))
            .toList();
    }

    /**
     * Sets the project's Git remote (the last synced commit is forgotten when the URL or branch changes).
     *
     * @param userId the caller
     * @param projectId a project id
     * @param url the remote, already checked by the caller
     * @param branch the branch, already checked
     * @param credentialId the caller's credential, already checked, or null
     * @return the project
     * @throws NotFoundException when the caller has no such project (404)
     */
    @Transactional
    public ProjectResponse setRemote(String userId, String projectId, String url, String branch,
            @Nullable String credentialId) {
        ProjectEntity project = owned(userId, projectId);
        project.remote(url, branch, credentialId, this.clock.instant());
        this.audit.record(userId, "project.remote.set", "project", project.id(), AuditEvent.SUCCESS);
        return response(project);
    }

    /**
     * Replaces the tree with the result of a pull, if it has not changed since {@code expectedRevision}.
     *
     * @param userId the caller
     * @param projectId a project id
     * @param expectedRevision the revision the new tree was computed from
     * @param tree the new tree by path (paths already checked); null to keep the files and record only the commit
     * @param syncedCommit the commit the tree now corresponds to
     * @throws ConflictException {@code tree-changed} (409) when the tree changed meanwhile
     * @throws QuotaExceededException when the new tree is over the caller's limits (403)
     */
    @Transactional
    public void synced(String userId, String projectId, long expectedRevision, @Nullable Map<String, String> tree,
            String syncedCommit) {
        ProjectEntity project = owned(userId, projectId);
        if (project.revision() != expectedRevision) {
            throw new ConflictException("tree-changed",
                    "The project's files changed during the Git operation; try again.");
        }
        Instant now = this.clock.instant();
        if (tree != null) {
            checkTree(tree, quota());
            Map<String, ProjectFileEntity> existing = new HashMap<>();
            this.files.findByKeyProjectIdOrderByKeyPathAsc(project.id()).forEach(f -> existing.put(f.path(), f));
            for (Map.Entry<String, String> file : tree.entrySet()) {
                ProjectFileEntity old = existing.remove(file.getKey());
                String sha256 = Digests.sha256(file.getValue());
                if (old == null) {
                    this.files.save(new ProjectFileEntity(project.id(), file.getKey(), file.getValue(), sha256,
                            utf8Length(file.getValue()), now));
                }
                else if (!old.sha256().equals(sha256)) {
                    old.replace(file.getValue(), sha256, utf8Length(file.getValue()), now);
                }
            }
            this.files.deleteAll(existing.values());
            project.treeChanged(now);
        }
        project.synced(syncedCommit, now);
    }

    /**
     * Erasure: every project of the user with its files.
     *
     * @param userId the user
     * @return projects removed
     */
    @Transactional
    public int eraseUser(String userId) {
        List<ProjectEntity> all = this.projects.findByUserIdOrderByCreatedAtAsc(userId);
        all.forEach(project -> this.files.deleteByProjectId(project.id()));
        this.projects.deleteAll(all);
        return all.size();
    }

    /**
     * @param prefix e.g. {@code prj_}
     * @return the prefix and 20 random characters (100 bits)
     */
    public static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    /** @return the caller's limits, by the role in the caller's token */
    public VcsSyncProperties.Quota quota() {
        return this.properties.limits().forRole(CurrentUser.role().orElse(null));
    }

    private void checkTree(Map<String, String> tree, VcsSyncProperties.Quota quota) {
        if (tree.size() > quota.maxFiles()) {
            throw new QuotaExceededException("files per project", quota.maxFiles());
        }
        long total = 0;
        for (Map.Entry<String, String> file : tree.entrySet()) {
            ProjectPaths.require(file.getKey());
            int size = utf8Length(file.getValue());
            if (size > quota.maxFileSize().toBytes()) {
                throw FileProblems.fileTooLarge(quota.maxFileSize().toBytes());
            }
            if (file.getValue().indexOf('\0') >= 0) {
                throw new InvalidRequestException("invalid-content",
                        "The file '" + file.getKey() + "' contains NUL characters.");
            }
            total += size;
        }
        if (total > quota.maxProjectSize().toBytes()) {
            throw new QuotaExceededException("bytes per project", quota.maxProjectSize().toBytes());
        }
    }

    private ProjectEntity owned(String userId, String projectId) {
        return this.projects.findByIdAndUserId(projectId, userId)
            .orElseThrow(() -> NotFoundException.forId("project", projectId));
    }

    private ProjectResponse response(ProjectEntity p) {
        List<ProjectFileEntity> all = this.files.findByKeyProjectIdOrderByKeyPathAsc(p.id());
        ProjectResponse.Remote remote = p.remoteUrl() == null || p.remoteBranch() == null ? null
                : new ProjectResponse.Remote(p.remoteUrl(), p.remoteBranch(), p.credentialId(), p.syncedCommit());
        return new ProjectResponse(p.id(), p.name(), p.sandboxId(), all.size(),
                all.stream().mapToLong(ProjectFileEntity::sizeBytes).sum(), p.revision(), remote, p.createdAt(),
                p.updatedAt());
    }

    private void written(String outcome) {
        this.meters.counter("taidon.vcs.file.writes", "outcome", outcome).increment();
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * @param file the file as written
     * @param created whether it is new
     */
    public record Written(ProjectFile file, boolean created) {
    }
}
