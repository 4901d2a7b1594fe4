package io.taidon.envmanager.runtime;

/**
 * What to create.
 *
 * @param sandboxId the sandbox's id ({@code sb_…}), used to label the instance
 * @param userId the owner, used to label the instance
 * @param superuserPassword its password (SCRAM), never shown outside env-manager
 */
public record SandboxSpec(String sandboxId, String userId, String superuserPassword) {

    @Override
    public String toString() {
        return "SandboxSpec[sandboxId=" + this.sandboxId + ", userId=" + this.userId + "]";
    }
}
