package io.taidon.sqlrunner.run;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.stereotype.Component;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.sqlrunner.client.envmanager.SandboxConnection;
import io.taidon.sqlrunner.config.SqlRunnerProperties;
import io.taidon.sqlrunner.execution.ExecutionLimits;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.SandboxTarget;

/**
 * Opens learner sessions with this runner's limits ({@code max-rows}, {@code max-bytes}, {@code statement-timeout},
 * {@code cancel-grace}) and its statement-deadline timer, for runs, saves and the console alike.
 */
@Component
class LearnerSessions {

    private final ExecutionLimits limits;

    private final ScheduledExecutorService deadlines;

    LearnerSessions(SqlRunnerProperties properties, ScheduledExecutorService statementDeadlines) {
        this.limits = new ExecutionLimits(properties.maxRows(), properties.maxBytes().toBytes(),
                properties.statementTimeout(), properties.cancelGrace());
        this.deadlines = statementDeadlines;
    }

    /**
     * @param connection the sandbox's learner database, as env-manager hands it out
     * @return a new session on it
     * @throws DownstreamUnavailableException when the sandbox does not answer (503)
     */
    LearnerSession open(SandboxConnection connection) {
        try {
            return openOrFail(connection);
        }
        catch (SQLException ex) {
            throw new DownstreamUnavailableException("sandbox", ex);
        }
    }

    /**
     * @param connection the sandbox's learner database
     * @return a new session on it
     * @throws SQLException when the sandbox does not answer
     */
    LearnerSession openOrFail(SandboxConnection connection) throws SQLException {
        return LearnerSession.open(new SandboxTarget(connection.host(), connection.port(), connection.database(),
                connection.username(), connection.password()), this.limits, this.deadlines);
    }

    /**
     * Re-applies the session settings recorded at a cache point to a new session.
     *
     * @param session a session at that point
     * @param settings setting name to value, as {@link io.taidon.sqlrunner.execution.SessionState#settings()}
     * @throws DownstreamUnavailableException when the sandbox refuses them (503)
     */
    static void reapply(LearnerSession session, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return;
        }
        try {
            session.applySettings(settings);
        }
        catch (SQLException ex) {
            throw new DownstreamUnavailableException("sandbox", ex);
        }
    }
}
