package io.taidon.vcssync.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.vcssync.config.VcsSyncProperties;
import io.taidon.vcssync.credential.CredentialService;
import io.taidon.vcssync.credential.GitSecret;
import io.taidon.vcssync.project.Project;
import io.taidon.vcssync.project.ProjectFile;
import io.taidon.vcssync.project.ProjectPaths;
import io.taidon.vcssync.project.ProjectResponse;
import io.taidon.vcssync.project.ProjectService;

/**
 * Git sync on request, with JGit. The platform's tree is the source of truth and there is no working copy on disk:
 * each operation fetches the remote branch into an in-memory repository, compares three trees — the synced commit's
 * (the last commit the tree was equal to), the platform's and the remote's — and forgets the repository again.
 * <ul>
 * <li><b>status</b>: ahead/behind and which paths changed on which side;</li>
 * <li><b>pull</b>: a fast-forward when only the remote changed; when both changed, 409 {@code pull-needs-merge}
 * unless {@code merge: true}: then each path is merged three-way (JGit's {@link MergeAlgorithm}, histogram diff),
 * files with conflicts get Git's conflict markers ({@code <<<<<<< platform}, {@code >>>>>>> remote}) and are listed;
 * the tree then corresponds to the remote commit, so the next push is a fast-forward of it;</li>
 * <li><b>push</b>: one commit of the whole tree on top of the remote branch, sent without force, only when the
 * remote branch is still at the synced commit (else 409 {@code remote-ahead}: pull first).</li>
 * </ul>
 * Credentials are decrypted into memory for one operation and handed to JGit only as a
 * {@link CredentialsProvider}; every URL is checked by {@link GitRemotePolicy} before any traffic.
 */
@Service
class GitSyncService {

    private static final Logger log = LoggerFactory.getLogger(GitSyncService.class);

    private static final String DEFAULT_BRANCH = "main";

    private final ProjectService projects;

    private final CredentialService credentials;

    private final GitRemotePolicy policy;

    private final VcsSyncProperties properties;

    private final AuditRecorder audit;

    private final MeterRegistry meters;

    GitSyncService(ProjectService projects, CredentialService credentials, GitRemotePolicy policy,
            VcsSyncProperties properties, AuditRecorder audit, MeterRegistry meters) {
        this.projects = projects;
        this.credentials = credentials;
        this.policy = policy;
        this.properties = properties;
        this.audit = audit;
        this.meters = meters;
    }

    ProjectResponse setRemote(String userId, String projectId, GitRecords.SetRemoteRequest request) {
        this.projects.project(userId, projectId);
        if (request.url() == null) {
            throw new InvalidRequestException("invalid-remote", "url is required.");
        }
        String url = this.policy.check(request.url()).toString();
        String branch = request.branch() == null || request.branch().isBlank() ? DEFAULT_BRANCH : request.branch().strip();
        if (branch.startsWith("refs/") || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new InvalidRequestException("invalid-branch", "branch is not a valid Git branch name.");
        }
        if (request.credentialId() != null) {
            this.credentials.requireOwned(userId, request.credentialId());
        }
        return this.projects.setRemote(userId, projectId, url, branch, request.credentialId());
    }

    GitRecords.StatusResponse status(String userId, String projectId) {
        return timed("status", () -> {
            Project project = this.projects.project(userId, projectId);
            try (Remote remote = fetch(userId, project)) {
                Map<String, String> local = local(this.projects.files(userId, projectId));
                Map<String, String> base = remote.tree(remote.synced(project));
                Map<String, String> theirs = remote.head == null ? Map.of() : remote.tree(remote.head);
                List<String> localChanges = changed(base, local);
                List<String> remoteChanges = remote.head == null ? List.of() : changed(base, theirs);
                List<String> conflicts = new ArrayList<>();
                for (String path : localChanges) {
                    if (remoteChanges.contains(path) && !Objects.equals(local.get(path), theirs.get(path))) {
                        conflicts.add(path);
                    }
                }
                return new GitRecords.StatusResponse(remote.branch, remote.head == null ? null : remote.head.name(),
                        project.syncedCommit(), localChanges.isEmpty() ? 0 : 1, remote.behind(project),
                        localChanges, remoteChanges, conflicts);
            }
        });
    }

    GitRecords.PullResponse pull(String userId, String projectId, boolean merge) {
        return timed("pull", () -> {
            Project project = this.projects.project(userId, projectId);
            try (Remote remote = fetch(userId, project)) {
                if (remote.head == null) {
                    throw new ConflictException("remote-branch-missing",
                            "The remote has no branch '" + remote.branch + "' yet; push first.");
                }
                String headId = remote.head.name();
                if (headId.equals(project.syncedCommit())) {
                    return new GitRecords.PullResponse("up-to-date", headId, List.of(), List.of(), List.of());
                }
                List<String> skipped = new ArrayList<>();
                Map<String, String> local = local(this.projects.files(userId, projectId));
                Map<String, String> base = remote.tree(remote.synced(project));
                Map<String, String> theirs = remote.acceptedTree(remote.head, skipped);
                List<String> localChanges = changed(base, local);
                List<String> remoteChanges = changed(base, theirs);
                if (localChanges.isEmpty() || remoteChanges.isEmpty()) {
                    Map<String, String> result = localChanges.isEmpty() ? theirs : local;
                    this.projects.synced(userId, projectId, project.revision(), localChanges.isEmpty() ? theirs : null,
                            headId);
                    this.audit.record(userId, "project.pull", "project", projectId, AuditEvent.SUCCESS);
                    return new GitRecords.PullResponse("fast-forward", headId, changed(local, result), List.of(),
                            skipped);
                }
                if (!merge) {
                    throw new ConflictException("pull-needs-merge", "Both the project (" + localChanges.size()
                            + " files) and the remote (" + remoteChanges.size()
                            + " files) changed since the last sync; pull with {\"merge\": true} to merge them.");
                }
                List<GitRecords.Conflict> conflicts = new ArrayList<>();
                Map<String, String> merged = merge(base, local, theirs, conflicts);
                this.projects.synced(userId, projectId, project.revision(), merged, headId);
                this.audit.record(userId, "project.pull", "project", projectId, AuditEvent.SUCCESS);
                return new GitRecords.PullResponse("merged", headId, changed(local, merged), conflicts, skipped);
            }
        });
    }

    GitRecords.PushResponse push(String userId, String projectId, @Nullable String message) {
        return timed("push", () -> {
            Project project = this.projects.project(userId, projectId);
            try (Remote remote = fetch(userId, project)) {
                if (remote.head != null && !remote.head.name().equals(project.syncedCommit())) {
                    throw new ConflictException("remote-ahead", "The remote branch '" + remote.branch
                            + "' has commits the project has not pulled; pull first.");
                }
                Map<String, String> local = local(this.projects.files(userId, projectId));
                if (remote.head != null && remote.tree(remote.head).equals(local)) {
                    return new GitRecords.PushResponse("up-to-date", remote.head.name(), remote.branch);
                }
                ObjectId commit = remote.commit(local, remote.head, userId, message == null || message.isBlank()
                        ? "Update " + project.name() + " from Taidon" : message.strip());
                remote.push(commit);
                this.projects.synced(userId, projectId, project.revision(), null, commit.name());
                this.audit.record(userId, "project.push", "project", projectId, AuditEvent.SUCCESS);
                return new GitRecords.PushResponse("pushed", commit.name(), remote.branch);
            }
        });
    }

    private Remote fetch(String userId, Project project) {
        if (project.remoteUrl() == null || project.remoteBranch() == null) {
            throw new ConflictException("no-remote", "The project has no Git remote; set one with PUT …/remote.");
        }
        URIish url = this.policy.check(project.remoteUrl());
        GitSecret secret = project.credentialId() == null ? null
                : this.credentials.secret(userId, project.credentialId());
        Remote remote = new Remote(url, project.remoteBranch(), secret,
                (int) Math.max(1, this.properties.git().timeout().toSeconds()));
        try {
            remote.fetch();
            return remote;
        }
        catch (RuntimeException ex) {
            remote.close();
            throw ex;
        }
    }

    private <T> T timed(String operation, java.util.function.Supplier<T> work) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "success";
            return result;
        }
        catch (TaidonProblemException ex) {
            outcome = ex.kind();
            throw ex;
        }
        finally {
            Timer.builder("taidon.vcs.git.operations")
                .description("Git operations of projects, by operation and outcome (a problem kind on failure)")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(this.meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static Map<String, String> local(List<ProjectFile> files) {
        Map<String, String> tree = new TreeMap<>();
        files.forEach(file -> tree.put(file.path(), file.content()));
        return tree;
    }

    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        return paths.stream().filter(path -> !Objects.equals(before.get(path), after.get(path))).toList();
    }

    /** Per path: one side's change wins; both changed differently: a text merge, or a delete/modify conflict. */
    static Map<String, String> merge(Map<String, String> base, Map<String, String> ours, Map<String, String> theirs,
            List<GitRecords.Conflict> conflicts) {
        TreeSet<String> paths = new TreeSet<>(base.keySet());
        paths.addAll(ours.keySet());
        paths.addAll(theirs.keySet());
        Map<String, String> merged = new TreeMap<>();
        for (String path : paths) {
            String b = base.get(path);
            String o = ours.get(path);
            String t = theirs.get(path);
            String result;
            if (Objects.equals(o, t) || Objects.equals(b, t)) {
                result = o;
            }
            else if (Objects.equals(b, o)) {
                result = t;
            }
            else if (o == null || t == null) {
                conflicts.add(new GitRecords.Conflict(path, "delete-modify"));
                result = o == null ? t : o;
            }
            else {
                MergeResult<RawText> text = new MergeAlgorithm(
                        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM))
                    .merge(RawTextComparator.DEFAULT, raw(b == null ? "" : b), raw(o), raw(t));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    new MergeFormatter().formatMerge(out, text, List.of("base", "platform", "remote"),
                            StandardCharsets.UTF_8);
                }
                catch (IOException ex) {
                    throw new IllegalStateException("writing to memory failed", ex);
                }
                if (text.containsConflicts()) {
                    conflicts.add(new GitRecords.Conflict(path, "content"));
                }
                result = out.toString(StandardCharsets.UTF_8);
            }
            if (result != null) {
                merged.put(path, result);
            }
        }
        return merged;
    }

    private static RawText raw(String text) {
        return new RawText(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One remote branch fetched into memory, with the credential for it. */
    private final class Remote implements AutoCloseable {

        private final URIish url;

        private final String branch;

        private final @Nullable GitSecret secret;

        private final @Nullable UsernamePasswordCredentialsProvider credentialsProvider;

        private final int timeoutSeconds;

        private final InMemoryRepository repository;

        private @Nullable RevCommit head;

        Remote(URIish url, String branch, @Nullable GitSecret secret, int timeoutSeconds) {
            this.url = url;
            this.branch = branch;
            this.secret = secret;
            this.credentialsProvider = secret == null ? null
                    : new UsernamePasswordCredentialsProvider(secret.username(), secret.secret());
            this.timeoutSeconds = timeoutSeconds;
            // the file system is needed only by JGit's local transport (file:// remotes an operator allowed)
            try {
                this.repository = new InMemoryRepository.Builder()
                    .setRepositoryDescription(new DfsRepositoryDescription("project"))
                    .setFS(FS.DETECTED)
                    .build();
            }
            catch (IOException ex) {
                throw new IllegalStateException("an in-memory repository cannot be created", ex);
            }
            // a redirect could lead the connection to an address GitRemotePolicy refuses
            this.repository.getConfig().setString("http", null, "followRedirects", "false");
        }

        void fetch() {
            String name = Constants.R_HEADS + this.branch;
            try (Transport transport = open()) {
                boolean exists;
                try (FetchConnection connection = transport.openFetch()) {
                    exists = connection.getRef(name) != null;
                }
                if (!exists) {
                    return;
                }
                transport.fetch(NullProgressMonitor.INSTANCE,
                        List.of(new RefSpec("+" + name + ":refs/remotes/origin/" + this.branch)));
                Ref fetched = this.repository.exactRef("refs/remotes/origin/" + this.branch);
                if (fetched != null) {
                    try (RevWalk walk = new RevWalk(this.repository)) {
                        this.head = walk.parseCommit(fetched.getObjectId());
                    }
                }
            }
            catch (IOException ex) {
                throw remoteFailure(ex);
            }
        }

        private Transport open() throws IOException {
            Transport transport = Transport.open(this.repository, this.url);
            transport.setCredentialsProvider(this.credentialsProvider);
            transport.setTimeout(this.timeoutSeconds);
            return transport;
        }

        @Nullable RevCommit synced(Project project) {
            if (project.syncedCommit() == null) {
                return null;
            }
            try (RevWalk walk = new RevWalk(this.repository)) {
                return walk.parseCommit(ObjectId.fromString(project.syncedCommit()));
            }
            catch (IOException | IllegalArgumentException ex) {
                // the remote's history no longer holds it (rewritten): compare against nothing
                return null;
            }
        }

        int behind(Project project) {
            if (this.head == null) {
                return 0;
            }
            try (RevWalk walk = new RevWalk(this.repository)) {
                walk.markStart(walk.parseCommit(this.head));
                RevCommit synced = synced(project);
                if (synced != null) {
                    walk.markUninteresting(walk.parseCommit(synced));
                }
                int count = 0;
                while (walk.next() != null) {
                    count++;
                }
                return count;
            }
            catch (IOException ex) {
                throw new IllegalStateException("walking an in-memory repository failed", ex);
            }
        }

        Map<String, String> tree(@Nullable RevCommit commit) {
            return readTree(commit, null);
        }

        Map<String, String> acceptedTree(RevCommit commit, List<String> skipped) {
            return readTree(commit, skipped);
        }

        /** Regular files of a commit as text; with {@code skipped}, also applies the path and size rules. */
        private Map<String, String> readTree(@Nullable RevCommit commit, @Nullable List<String> skipped) {
            Map<String, String> tree = new TreeMap<>();
            if (commit == null) {
                return tree;
            }
            long maxFile = projects.quota().maxFileSize().toBytes();
            try (TreeWalk walk = new TreeWalk(this.repository)) {
                walk.addTree(commit.getTree());
                walk.setRecursive(true);
                while (walk.next()) {
                    String path = walk.getPathString();
                    FileMode mode = walk.getFileMode(0);
                    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                        skip(skipped, path, "not a regular file");
                        continue;
                    }
                    ObjectLoader loader = this.repository.open(walk.getObjectId(0));
                    if (loader.getSize() > maxFile) {
                        skip(skipped, path, "larger than " + maxFile + " bytes");
                        continue;
                    }
                    byte[] bytes = loader.getBytes();
                    String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes))
                        .toString();
                    if (skipped != null) {
                        try {
                            ProjectPaths.require(path);
                        }
                        catch (InvalidRequestException ex) {
                            skip(skipped, path, ex.getMessage());
                            continue;
                        }
                        if (text.indexOf('\0') >= 0) {
                            skip(skipped, path, "contains NUL");
                            continue;
                        }
                    }
                    tree.put(path, text);
                }
            }
            catch (java.nio.charset.CharacterCodingException ex) {
                throw new InvalidRequestException("invalid-remote-content",
                        "A file of the remote branch is not UTF-8 text; projects hold SQL text only.");
            }
            catch (IOException ex) {
                throw new IllegalStateException("reading an in-memory repository failed", ex);
            }
            return tree;
        }

        private static void skip(@Nullable List<String> skipped, String path, String why) {
            if (skipped != null) {
                skipped.add(path + ": " + why);
            }
        }

        ObjectId commit(Map<String, String> files, @Nullable RevCommit parent, String userId, String message) {
            try (ObjectInserter inserter = this.repository.newObjectInserter()) {
                DirCache index = DirCache.newInCore();
                DirCacheBuilder builder = index.builder();
                for (Map.Entry<String, String> file : files.entrySet()) {
                    DirCacheEntry entry = new DirCacheEntry(file.getKey());
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
                    builder.add(entry);
                }
                builder.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                if (parent != null) {
                    commit.setParentId(parent);
                }
                PersonIdent person = new PersonIdent(userId, userId + "@users.taidon.invalid");
                commit.setAuthor(person);
                commit.setCommitter(person);
                commit.setMessage(message.endsWith("\n") ? message : message + "\n");
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                return id;
            }
            catch (IOException ex) {
                throw new IllegalStateException("writing an in-memory repository failed", ex);
            }
        }

        void push(ObjectId commit) {
            String ref = Constants.R_HEADS + this.branch;
            try (Transport transport = open()) {
                // never forced; the remote must still be where this fetch saw it
                RemoteRefUpdate update = new RemoteRefUpdate(this.repository, commit.name(), ref, false, null,
                        this.head == null ? ObjectId.zeroId() : this.head.getId());
                PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
                RemoteRefUpdate.Status status = result.getRemoteUpdate(ref).getStatus();
                if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
                    throw new ConflictException("push-rejected",
                            "The remote refused the push (" + status.name().toLowerCase(java.util.Locale.ROOT)
                                    + "); pull and try again.");
                }
            }
            catch (IOException ex) {
                throw remoteFailure(ex);
            }
        }

        @Override
        public void close() {
            if (this.credentialsProvider != null) {
                this.credentialsProvider.clear();
            }
            if (this.secret != null) {
                this.secret.close();
            }
            this.repository.close();
        }
    }

    private static TaidonProblemException remoteFailure(Exception ex) {
        String message = String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT);
        log.info("Git remote failed: {}", ex.toString());
        if (message.contains("not authorized") || message.contains("authentication") || message.contains("401")
                || message.contains("403")) {
            return new TaidonProblemException(HttpStatus.BAD_REQUEST, "git-auth-failed", "Git authentication failed",
                    "The remote refused the credential; check the credential and its permissions.");
        }
        if (ex instanceof org.eclipse.jgit.errors.NoRemoteRepositoryException || message.contains("not found") || message.contains("404")
                || message.contains("not a git repository") || message.contains("repository not found")) {
            return NotFoundException.forId("Git repository at the remote", "url");
        }
        boolean transport = ex instanceof org.eclipse.jgit.errors.TransportException;
        return new TaidonProblemException(HttpStatus.BAD_GATEWAY, "git-remote-unavailable", "Git remote unavailable",
                "The Git remote did not answer as expected" + (transport ? "" : " (it sent something unexpected)")
                        + "; try again later.");
    }
}
