package io.taidon.envmanager.snapshot;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.taidon.envmanager.sandbox.SuspendCapture;

/** Suspension's capture: an {@code auto} snapshot named {@code suspend}, with a fresh idempotency key. */
@Component
class AutoSnapshotCapture implements SuspendCapture {

    private final SnapshotCaptureService captures;

    AutoSnapshotCapture(SnapshotCaptureService captures) {
        this.captures = captures;
    }

    @Override
    public String captureForSuspend(String sandboxId) {
        return this.captures.capture(sandboxId, "auto", null, "suspend", "suspend-" + sandboxId + "-" + UUID.randomUUID(),
                null);
    }
}
