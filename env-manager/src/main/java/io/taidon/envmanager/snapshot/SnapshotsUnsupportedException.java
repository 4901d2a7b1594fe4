package io.taidon.envmanager.snapshot;

import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.TaidonProblemException;

/**
 * 501 {@code snapshots-unsupported}: this installation's sandbox runtime cannot reach sandboxes' data files, so it
 * can neither capture nor restore snapshots (the {@code kubernetes} runtime, for now: {@code docs/DEPLOYMENT.md}).
 */
public class SnapshotsUnsupportedException extends TaidonProblemException {

    /**
     * @param runtime the runtime's name, e.g. {@code kubernetes}
     */
    public SnapshotsUnsupportedException(String runtime) {
        super(HttpStatus.NOT_IMPLEMENTED, "snapshots-unsupported", "Snapshots unsupported",
                "This installation runs sandboxes with the " + runtime
                        + " runtime, which cannot capture or restore snapshots yet.");
    }
}
