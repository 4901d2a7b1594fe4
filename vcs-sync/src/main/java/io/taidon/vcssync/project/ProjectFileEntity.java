package io.taidon.vcssync.project;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One row of {@code project_file}: a file of a project's tree, UTF-8 text. */
@Entity
@Table(name = "project_file")
class ProjectFileEntity {

    @EmbeddedId
    private Key key;

    private String content;

    private String sha256;

    @Column(name = "size_bytes")
    private int sizeBytes;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ProjectFileEntity() {
        this.key = new Key();
        this.content = "";
        this.sha256 = "";
        this.updatedAt = Instant.EPOCH;
    }

    ProjectFileEntity(String projectId, String path, String content, String sha256, int sizeBytes, Instant now) {
        this.key = new Key(projectId, path);
        this.content = content;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.updatedAt = now;
    }

    String path() {
        return this.key.path;
    }

    String content() {
        return this.content;
    }

    String sha256() {
        return this.sha256;
    }

    int sizeBytes() {
        return this.sizeBytes;
    }

    Instant updatedAt() {
        return this.updatedAt;
    }

    void replace(String newContent, String newSha256, int newSize, Instant now) {
        this.content = newContent;
        this.sha256 = newSha256;
        this.sizeBytes = newSize;
        this.updatedAt = now;
    }

    /** Primary key: project and path. */
    @Embeddable
    static class Key implements Serializable {

        @Column(name = "project_id")
        private String projectId;

        private String path;

        protected Key() {
            this.projectId = "";
            this.path = "";
        }

        Key(String projectId, String path) {
            this.projectId = projectId;
            this.path = path;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.projectId.equals(this.projectId) && key.path.equals(this.path);
        }

        @Override
        public int hashCode() {
            return this.projectId.hashCode() * 31 + this.path.hashCode();
        }
    }
}
