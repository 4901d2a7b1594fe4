package io.taidon.sqlrunner.run;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.NotFoundException;

/**
 * Runs as resources (DESIGN.md, "Runs as resources"): the progress of the runs in progress on this sql-runner, by
 * run id, for {@code GET /api/runs/{id}} (a {@link View}), {@code GET /api/runs/{id}/events} (Server-Sent Events:
 * {@code progress} events with the same {@link View}, then one {@code end} event) and {@code DELETE /api/runs/{id}}
 * (cancel: the statement running now is canceled on the server and the run answers {@code 409 run-canceled}).
 * A client that chose its run id may subscribe before it posts the run. Entries are the caller's alone (another
 * user's run is 404) and are forgotten {@value #KEEP_SECONDS} s after the run ended, or after that long unused.
 */
@Component
public class RunProgress {

    /** Seconds an ended (or never started) entry is kept. */
    static final int KEEP_SECONDS = 60;

    private static final Duration KEEP = Duration.ofSeconds(KEEP_SECONDS);

    private final ConcurrentMap<String, Tracked> runs = new ConcurrentHashMap<>();

    /**
     * Registers a run that starts now.
     *
     * @param userId the learner
     * @param runId the run's id
     * @param statements the script's statement count
     * @return its entry, to update as the run goes
     * @throws ConflictException {@code run-id-in-use} when the id names another run (of anyone)
     */
    Tracked start(String userId, String runId, int statements) {
        Tracked tracked = this.runs.computeIfAbsent(runId, id -> new Tracked(userId, id));
        synchronized (tracked) {
            if (!tracked.userId.equals(userId) || tracked.state != State.PENDING) {
                throw new ConflictException("run-id-in-use", "The run id " + runId + " is in use; choose another.");
            }
            tracked.total = statements;
            tracked.state = State.STARTING;
            tracked.startedAt = Instant.now();
        }
        tracked.publish();
        return tracked;
    }

    /**
     * @param userId the caller
     * @param runId a run id
     * @return what is known of the caller's run
     * @throws NotFoundException when the caller has no such run here (404)
     */
    public View view(String userId, String runId) {
        return owned(userId, runId).view();
    }

    /**
     * @param userId the caller
     * @param runId a run id
     * @return what is known of the caller's run here, if anything
     */
    public Optional<View> find(String userId, String runId) {
        Tracked tracked = this.runs.get(runId);
        return tracked == null || !tracked.userId.equals(userId) ? Optional.empty()
                : Optional.of(tracked.view());
    }

    /**
     * Cancels the caller's run: the statement running now is canceled and the run stops before the next one.
     *
     * @param userId the caller
     * @param runId its run
     * @throws NotFoundException when the caller has no such run in progress here (404)
     */
    public void cancel(String userId, String runId) {
        Tracked tracked = owned(userId, runId);
        if (tracked.state.ended()) {
            throw NotFoundException.forId("run in progress", runId);
        }
        tracked.canceled.set(true);
        Runnable canceler = tracked.canceler;
        if (canceler != null) {
            canceler.run();
        }
    }

    /**
     * Streams the caller's run's progress; a run id not seen yet is remembered for {@value #KEEP_SECONDS} s, so the
     * client may subscribe before it posts the run.
     *
     * @param userId the caller
     * @param runId a UUID
     * @return the event stream
     * @throws NotFoundException when the id is another user's (404)
     */
    public SseEmitter subscribe(String userId, String runId) {
        Tracked tracked = this.runs.computeIfAbsent(runId, id -> new Tracked(userId, id));
        if (!tracked.userId.equals(userId)) {
            throw NotFoundException.forId("run", runId);
        }
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(10).toMillis());
        tracked.emitters.add(emitter);
        emitter.onCompletion(() -> tracked.emitters.remove(emitter));
        emitter.onTimeout(() -> tracked.emitters.remove(emitter));
        emitter.onError(failure -> tracked.emitters.remove(emitter));
        tracked.send(emitter, tracked.view());
        if (tracked.state.ended()) {
            tracked.end(emitter);
        }
        return emitter;
    }

    private Tracked owned(String userId, String runId) {
        Tracked tracked = this.runs.get(runId);
        if (tracked == null || !tracked.userId.equals(userId)) {
            throw NotFoundException.forId("run", runId);
        }
        return tracked;
    }

    /** Forgets entries ended, or never started, more than {@value #KEEP_SECONDS} s ago. */
    @Scheduled(fixedDelay = 15_000)
    void forgetOld() {
        Instant before = Instant.now().minus(KEEP);
        this.runs.values().removeIf(tracked -> (tracked.state.ended() || tracked.state == State.PENDING)
                && tracked.touchedAt.isBefore(before));
    }

    /** @return how many runs are tracked (tests) */
    int size() {
        return this.runs.size();
    }

    /** Where a run is. */
    public enum State {
        /** subscribed to, not started */
        PENDING,
        /** resuming from the cache */
        STARTING,
        /** replaying the tail's statements */
        REPLAYING,
        /** executing the head */
        EXECUTING,
        /** answered */
        DONE,
        /** canceled by its learner */
        CANCELED,
        /** ended with an error answer */
        FAILED;

        boolean ended() {
            return this == DONE || this == CANCELED || this == FAILED;
        }

        /** @return the state as the API spells it */
        public String api() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param runId the run
     * @param state {@code pending}, {@code starting}, {@code replaying}, {@code executing}, {@code done},
     *        {@code canceled} or {@code failed}
     * @param statement the statement running now or last (1-based), 0 before the first
     * @param statements the script's statements, 0 before the run started
     * @param startedAt when it started, or null
     */
    public record View(String runId, String state, int statement, int statements, @Nullable Instant startedAt) {

        /** @return whether the run answered, was canceled or failed */
        public boolean ended() {
            return State.valueOf(this.state.toUpperCase(Locale.ROOT)).ended();
        }
    }

    /** One run's entry; updated by the run's thread, read by others. */
    static final class Tracked {

        private final String userId;

        private final String runId;

        private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

        private final AtomicBoolean canceled = new AtomicBoolean();

        private volatile State state = State.PENDING;

        private volatile int statement;

        private volatile int total;

        private volatile @Nullable Instant startedAt;

        private volatile Instant touchedAt = Instant.now();

        private volatile @Nullable Runnable canceler;

        Tracked(String userId, String runId) {
            this.userId = userId;
            this.runId = runId;
        }

        /**
         * @param phase {@link State#REPLAYING} or {@link State#EXECUTING}
         * @param number the statement about to run (1-based)
         */
        void at(State phase, int number) {
            this.state = phase;
            this.statement = number;
            if (!this.emitters.isEmpty()) {
                publish();
            }
        }

        /** @param cancel what cancels the statement running now (null: nothing runs) */
        void cancelWith(@Nullable Runnable cancel) {
            this.canceler = cancel;
        }

        /** @return whether the learner asked to cancel */
        boolean canceled() {
            return this.canceled.get();
        }

        /** @param outcome {@link State#DONE}, {@link State#CANCELED} or {@link State#FAILED} */
        void ended(State outcome) {
            this.state = outcome;
            this.canceler = null;
            this.touchedAt = Instant.now();
            publish();
            for (SseEmitter emitter : this.emitters) {
                end(emitter);
            }
        }

        /** @return the run's id */
        String runId() {
            return this.runId;
        }

        View view() {
            return new View(this.runId, this.state.api(), this.statement, this.total, this.startedAt);
        }

        private void publish() {
            View view = view();
            for (SseEmitter emitter : this.emitters) {
                send(emitter, view);
            }
        }

        private void send(SseEmitter emitter, View view) {
            try {
                emitter.send(SseEmitter.event().name("progress").data(view));
            }
            catch (IOException | IllegalStateException ex) {
                this.emitters.remove(emitter);
            }
        }

        private void end(SseEmitter emitter) {
            try {
                emitter.send(SseEmitter.event().name("end").data(Map.of("state", this.state.api())));
                emitter.complete();
            }
            catch (IOException | IllegalStateException ex) {
                // the client went away
            }
            this.emitters.remove(emitter);
        }
    }
}
