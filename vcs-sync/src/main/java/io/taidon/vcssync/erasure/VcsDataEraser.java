package io.taidon.vcssync.erasure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;
import io.taidon.vcssync.credential.CredentialService;
import io.taidon.vcssync.project.ProjectService;

/**
 * What {@code DELETE /internal/users/{userId}} removes here: every project of the user with its files and every Git
 * credential (the ciphertexts). Idempotent. The user's Git remotes are not touched: they are the user's own.
 */
@Component
class VcsDataEraser implements UserDataEraser {

    private static final Logger log = LoggerFactory.getLogger(VcsDataEraser.class);

    private final ProjectService projects;

    private final CredentialService credentials;

    VcsDataEraser(ProjectService projects, CredentialService credentials) {
        this.projects = projects;
        this.credentials = credentials;
    }

    @Override
    public void erase(String userId) {
        int removedProjects = this.projects.eraseUser(userId);
        long removedCredentials = this.credentials.eraseUser(userId);
        log.info("erasure of {}: {} projects and {} credentials removed", userId, removedProjects, removedCredentials);
    }
}
