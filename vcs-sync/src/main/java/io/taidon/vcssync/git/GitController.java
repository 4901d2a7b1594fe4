package io.taidon.vcssync.git;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.security.CurrentUser;
import io.taidon.vcssync.project.ProjectResponse;

/**
 * Git sync of a project ({@link GitSyncService}): {@code PUT /api/projects/{id}/remote {url, branch?, credentialId?}}
 * → the project; {@code GET …/status} → ahead/behind and conflicts; {@code POST …/pull {merge?}};
 * {@code POST …/push {message?}}. Errors: 400 {@code invalid-remote}, {@code remote-refused} (SSRF rules, SSH),
 * {@code invalid-branch}, {@code git-auth-failed}; 404 for another user's project or credential, or a missing
 * remote repository; 409 {@code no-remote}, {@code pull-needs-merge}, {@code remote-ahead}, {@code push-rejected},
 * {@code remote-branch-missing}, {@code tree-changed}; 502 {@code git-remote-unavailable}.
 */
@RestController
@RequestMapping("/api/projects/{projectId}")
class GitController {

    private final GitSyncService git;

    GitController(GitSyncService git) {
        this.git = git;
    }

    @PutMapping("/remote")
    ProjectResponse setRemote(@PathVariable String projectId,
            @RequestBody(required = false) GitRecords.@Nullable SetRemoteRequest request) {
        if (request == null) {
            throw new InvalidRequestException("invalid-remote", "The body must be {url, branch?, credentialId?}.");
        }
        return this.git.setRemote(CurrentUser.id(), projectId, request);
    }

    @GetMapping("/status")
    GitRecords.StatusResponse status(@PathVariable String projectId) {
        return this.git.status(CurrentUser.id(), projectId);
    }

    @PostMapping("/pull")
    GitRecords.PullResponse pull(@PathVariable String projectId,
            @RequestBody(required = false) GitRecords.@Nullable PullRequest request) {
        return this.git.pull(CurrentUser.id(), projectId, request != null && Boolean.TRUE.equals(request.merge()));
    }

    @PostMapping("/push")
    GitRecords.PushResponse push(@PathVariable String projectId,
            @RequestBody(required = false) GitRecords.@Nullable PushRequest request) {
        return this.git.push(CurrentUser.id(), projectId, request == null ? null : request.message());
    }
}
