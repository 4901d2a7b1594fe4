package io.taidon.vcssync.project;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** One row of {@code project}. */
@Entity
@Table(name = "project")
class ProjectEntity {

    @Id
    private String id;

    @Column(name = "user_id")
    private String userId;

    private String name;

    @Column(name = "sandbox_id")
    private @Nullable String sandboxId;

    private long revision;

    @Column(name = "remote_url")
    private @Nullable String remoteUrl;

    @Column(name = "remote_branch")
    private @Nullable String remoteBranch;

    @Column(name = "credential_id")
    private @Nullable String credentialId;

    @Column(name = "synced_commit")
    private @Nullable String syncedCommit;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ProjectEntity() {
        this.id = "";
        this.userId = "";
        this.name = "";
        this.createdAt = Instant.EPOCH;
        this.updatedAt = Instant.EPOCH;
    }

    ProjectEntity(String id, String userId, String name, @Nullable String sandboxId, Instant now) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.sandboxId = sandboxId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    String id() {
        return this.id;
    }

    String userId() {
        return this.userId;
    }

    String name() {
        return this.name;
    }

    @Nullable String sandboxId() {
        return this.sandboxId;
    }

    long revision() {
        return this.revision;
    }

    @Nullable String remoteUrl() {
        return this.remoteUrl;
    }

    @Nullable String remoteBranch() {
        return this.remoteBranch;
    }

    @Nullable String credentialId() {
        return this.credentialId;
    }

    @Nullable String syncedCommit() {
        return this.syncedCommit;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    Instant updatedAt() {
        return this.updatedAt;
    }

    void treeChanged(Instant now) {
        this.revision++;
        this.updatedAt = now;
    }

    void remote(String url, String branch, @Nullable String credentialId, Instant now) {
        if (!url.equals(this.remoteUrl) || !branch.equals(this.remoteBranch)) {
            // another remote or branch: the last synced commit says nothing about it
            this.syncedCommit = null;
        }
        this.remoteUrl = url;
        this.remoteBranch = branch;
        this.credentialId = credentialId;
        this.updatedAt = now;
    }

    void synced(@Nullable String commit, Instant now) {
        this.syncedCommit = commit;
        this.updatedAt = now;
    }
}
