package io.taidon.sqlrunner.run;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Run metrics: {@code taidon.runs.cache{level=layer|snapshot|miss}} (cache hit ratio by level),
 * {@code taidon.runs.head} (head execution latency histogram), {@code taidon.runs.statements.replayed},
 * {@code taidon.runs.warm.sessions{outcome=reused|none}} (runs served by a kept learner session, the hot path),
 * {@code taidon.runs.tail.refs{outcome=served|unknown}} (runs that named their tail with {@code tailRef}, and whether
 * the runner still kept it),
 * {@code taidon.runs.errors{sqlstate.class=…}} (failing statements by SQLSTATE class, the first two characters).
 */
@Component
class RunMetrics {

    private final MeterRegistry registry;

    private final Timer head;

    private final Counter replayed;

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.head = Timer.builder("taidon.runs.head")
            .description("Execution time of the head statement")
            .publishPercentileHistogram()
            .register(registry);
        this.replayed = Counter.builder("taidon.runs.statements.replayed")
            .description("Statements of a tail replayed because no cached state covered them")
            .register(registry);
    }

    void cache(CacheLevel level) {
        this.registry.counter("taidon.runs.cache", "level", level.tag()).increment();
    }

    void warm(boolean reused) {
        this.registry.counter("taidon.runs.warm.sessions", "outcome", reused ? "reused" : "none").increment();
    }

    void tailRef(boolean served) {
        this.registry.counter("taidon.runs.tail.refs", "outcome", served ? "served" : "unknown").increment();
    }

    void head(Duration duration) {
        this.head.record(duration);
    }

    void replayed(int statements) {
        this.replayed.increment(statements);
    }

    /**
     * @param level the cache level that served the tail ({@code layer}, {@code snapshot}, {@code miss})
     * @param duration the whole run inside sql-runner (split, resume, replay, head, record)
     */
    void run(CacheLevel level, Duration duration) {
        Timer.builder("taidon.runs.duration")
            .description("Duration of a run inside sql-runner, by the cache level that served its tail")
            .tag("level", level.tag())
            .publishPercentileHistogram()
            .register(this.registry)
            .record(duration);
    }

    void error(String sqlState) {
        String sqlStateClass = sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
        this.registry.counter("taidon.runs.errors", "sqlstate.class", sqlStateClass).increment();
    }
}
