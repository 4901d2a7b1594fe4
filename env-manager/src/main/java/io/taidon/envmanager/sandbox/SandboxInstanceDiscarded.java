package io.taidon.envmanager.sandbox;

/**
 * A sandbox's PostgreSQL instance was discarded while the sandbox itself stays: replaced by one restored from a
 * snapshot (reset to a snapshot), or removed when the sandbox was suspended to a snapshot. Nothing the old instance
 * held (its layer databases and their spares) exists any more. Published synchronously under the sandbox's lock, in
 * the caller's transaction, so a listener's work (the layer records forgotten) is part of the same change.
 *
 * @param sandboxId the sandbox
 */
public record SandboxInstanceDiscarded(String sandboxId) {
}
