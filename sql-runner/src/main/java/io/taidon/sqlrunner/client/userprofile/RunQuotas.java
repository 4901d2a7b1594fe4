package io.taidon.sqlrunner.client.userprofile;

import java.time.Duration;

/**
 * The part of a user's effective quotas (user-profile's {@code GET /internal/users/{userId}/quotas}) that bounds
 * runs.
 *
 * @param statementTimeout longest a statement of the user's may run (the answer's {@code statementTimeoutMs})
 * @param runsPerMinute runs the user may start per minute, 0 for none (the answer's {@code runsPerMinute})
 */
public record RunQuotas(Duration statementTimeout, int runsPerMinute) {
}
