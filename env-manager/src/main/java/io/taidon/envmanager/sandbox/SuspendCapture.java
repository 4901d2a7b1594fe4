package io.taidon.envmanager.sandbox;

/**
 * Captures the {@code auto} snapshot a sandbox is suspended to (implemented by the {@code snapshot} feature), so
 * that {@link SandboxService#suspend} does not depend on it.
 */
public interface SuspendCapture {

    /**
     * Captures a sandbox's current state (call with the sandbox's lock held; the instance runs again afterwards).
     *
     * @param sandboxId the sandbox
     * @return the {@code auto} snapshot's id
     * @throws RuntimeException when the capture fails (the sandbox is then left as it was)
     */
    String captureForSuspend(String sandboxId);
}
