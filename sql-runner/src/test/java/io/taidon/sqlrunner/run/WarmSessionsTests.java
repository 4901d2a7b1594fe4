package io.taidon.sqlrunner.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import io.taidon.sqlrunner.execution.ExecutionLimits;
import io.taidon.sqlrunner.execution.LearnerDatabases;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.execution.SandboxTarget;
import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** What kept sessions hold stays within {@code warm-session-bytes}; real sessions on a real PostgreSQL. */
class WarmSessionsTests {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    private static final ExecutionLimits LIMITS = new ExecutionLimits(1000, 1_000_000, Duration.ofSeconds(30),
            Duration.ofSeconds(2));

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    private static WarmSessions registry(DataSize bytes) {
        // the defaults, as Spring binds them, with only the budget set
        SqlRunnerProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("taidon.sql-runner.warm-session-bytes", bytes.toBytes() + "B")))
            .bindOrCreate("taidon.sql-runner", SqlRunnerProperties.class);
        return new WarmSessions(properties, TIMER);
    }

    /** @return a prefix over a tail of about {@code size} characters ({@code select 'x…';}) */
    private static ScriptPrefix prefix(char fill, int size) {
        String script = "select '" + String.valueOf(fill).repeat(size) + "';\nselect 1;";
        List<ScriptStatement> statements = ScriptSplitter.split(script);
        return ScriptPrefix.of(script, statements.getFirst(), List.of("h1"), List.of());
    }

    private static void keep(WarmSessions registry, SandboxTarget target, String sandboxId, ScriptPrefix prefix)
            throws Exception {
        LearnerSession session = LearnerSession.open(target, LIMITS, TIMER);
        registry.put(sandboxId, "u_" + sandboxId, "h0", "h1", session.cleanState(), session, prefix, true);
    }

    @Test
    void shouldCloseTheLeastRecentlyUsedSessionsWhenTheirTailsPassTheBudget() throws Exception {
        WarmSessions registry = registry(DataSize.ofBytes(25_000));
        SandboxTarget target = LearnerDatabases.create();
        keep(registry, target, "sb_1", prefix('a', 10_000));
        keep(registry, target, "sb_2", prefix('b', 10_000));
        keep(registry, target, "sb_3", prefix('c', 10_000));
        assertThat(registry.peek("sb_1")).isNull();
        assertThat(registry.peek("sb_2")).isNotNull();
        assertThat(registry.peek("sb_3")).isNotNull();
        assertThat(registry.heldBytes()).isBetween(20_000L, 25_000L);
        registry.closeAll();
    }

    @Test
    void shouldCountATailTextSharedBySeveralSessionsOnce() throws Exception {
        WarmSessions registry = registry(DataSize.ofBytes(25_000));
        SandboxTarget target = LearnerDatabases.create();
        for (int i = 0; i < 10; i++) {
            keep(registry, target, "sb_" + i, prefix('s', 10_000));
        }
        assertThat(registry.size()).isEqualTo(10);
        assertThat(registry.heldBytes()).isBetween(10_000L, 10_100L);
        WarmSessions.Warm taken = registry.take("sb_0");
        assertThat(taken).isNotNull();
        taken.session().close();
        registry.closeAll();
        assertThat(registry.heldBytes()).isZero();
    }
}
