package io.taidon.envmanager.sandbox;

import java.util.Locale;

/** Lifecycle state of a sandbox record, shown in lower case in the API. */
public enum SandboxStatus {
    /** Being created: the instance may not exist yet. */
    CREATING,
    /** Its instance runs and the learner may connect. */
    RUNNING,
    /** Its instance exists but is stopped; the next use starts it. */
    STOPPED,
    /**
     * Idle: its state was captured in an {@code auto} snapshot and its instance removed; the next use resumes it
     * from that snapshot (layers are not kept).
     */
    SUSPENDED,
    /** Its instance vanished or failed; reconciliation repairs or removes it. */
    FAILED;

    /** @return the API form, e.g. {@code running} */
    public String api() {
        return name().toLowerCase(Locale.ROOT);
    }
}
