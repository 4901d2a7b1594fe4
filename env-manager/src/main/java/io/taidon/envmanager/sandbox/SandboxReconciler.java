package io.taidon.envmanager.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.client.profile.UserProfileClient;
import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * Brings records and runtime objects back in line, at startup and every
 * {@code taidon.env-manager.reconciliation.interval}, so that a crash of env-manager leaves no orphan behind:
 * <ul>
 * <li>an instance without a record is removed ({@code orphan-removed});</li>
 * <li>a record whose instance is gone is removed, since there is nothing left to repair it from
 * ({@code record-removed}); a record stuck in {@code creating} for longer than ten minutes likewise; a
 * {@code suspended} record has no instance on purpose and is left alone (it resumes from its snapshot);</li>
 * <li>a record that says running while its instance is stopped is marked stopped ({@code marked-stopped}); it
 * starts again on next use;</li>
 * <li>an anonymous user's sandbox unused for {@code anonymous-ttl} is deleted ({@code expired}), unless
 * user-profile says the user registered since (or cannot say).</li>
 * </ul>
 * Metric: {@code taidon_reconciliation_actions_total} (tag {@code action}).
 */
@Component
class SandboxReconciler {

    private static final Logger log = LoggerFactory.getLogger(SandboxReconciler.class);

    private static final Duration CREATING_GRACE = Duration.ofMinutes(10);

    private final SandboxRepository sandboxes;

    private final UserProfileClient profile;

    private final SandboxRuntime runtime;

    private final SandboxService service;

    private final SandboxAdmin admin;

    private final EnvManagerProperties.Reconciliation settings;

    private final MeterRegistry meters;

    private final Map<String, Counter> counters = new HashMap<>();

    SandboxReconciler(SandboxRepository sandboxes, SandboxRuntime runtime, SandboxService service,
            SandboxAdmin admin, EnvManagerProperties properties, MeterRegistry meters, UserProfileClient profile) {
        this.profile = profile;
        this.sandboxes = sandboxes;
        this.runtime = runtime;
        this.service = service;
        this.admin = admin;
        this.settings = properties.reconciliation();
        this.meters = meters;
        for (String action : List.of("orphan-removed", "record-removed", "marked-stopped", "expired")) {
            counter(action);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStartup() {
        if (this.settings.enabled()) {
            reconcile();
        }
    }

    @Scheduled(fixedDelayString = "${taidon.env-manager.reconciliation.interval:5m}",
            initialDelayString = "${taidon.env-manager.reconciliation.interval:5m}")
    void periodically() {
        if (this.settings.enabled()) {
            reconcile();
        }
    }

    /**
     * Runs one reconciliation pass.
     *
     * @return how many actions it took, by action
     */
    synchronized Map<String, Integer> reconcile() {
        Map<String, Integer> actions = new HashMap<>();
        Instant now = Instant.now();
        for (SandboxInstance instance : this.runtime.listManaged()) {
            if (this.sandboxes.existsById(instance.sandboxId())) {
                continue;
            }
            ReentrantLock lock = this.admin.lock(instance.sandboxId());
            lock.lock();
            try {
                if (!this.sandboxes.existsById(instance.sandboxId())) {
                    this.admin.forget(instance.sandboxId());
                    this.runtime.remove(instance.sandboxId());
                    act(actions, "orphan-removed", instance.sandboxId());
                }
            }
            catch (SandboxRuntimeException ex) {
                log.warn("cannot remove orphan sandbox {}", instance.sandboxId(), ex);
            }
            finally {
                lock.unlock();
            }
        }
        for (SandboxEntity sandbox : this.sandboxes.findAll()) {
            String id = sandbox.getId();
            ReentrantLock lock = this.admin.lock(id);
            if (!lock.tryLock()) {
                continue; // in use right now: certainly not an orphan
            }
            try {
                Optional<SandboxEntity> current = this.sandboxes.findById(id);
                if (current.isEmpty()) {
                    continue;
                }
                SandboxEntity record = current.get();
                if (!record.getRuntime().equals(this.runtime.name())) {
                    // made by another runtime (env-manager ran with another one on this data): not this one's to judge
                    continue;
                }
                boolean creating = record.getStatus() == SandboxStatus.CREATING;
                if (creating && record.getCreatedAt().isAfter(now.minus(CREATING_GRACE))) {
                    continue;
                }
                Optional<SandboxInstance> instance = this.runtime.inspect(id);
                // a visitor who registered keeps the u_anon_ id: user-profile tells (asked only for expiry candidates)
                boolean anonymousExpired = record.getUserId().startsWith("u_anon_")
                        && record.getLastUsedAt().isBefore(now.minus(this.settings.anonymousTtl()))
                        && this.profile.stillAnonymous(record.getUserId());
                if (record.getStatus() == SandboxStatus.SUSPENDED) {
                    // no instance on purpose: it resumes from its snapshot on next use
                    if (anonymousExpired) {
                        this.service.remove(id, "env-manager", "sandbox.expire");
                        act(actions, "expired", id);
                    }
                    continue;
                }
                if (instance.isEmpty() || creating) {
                    this.admin.forget(id);
                    this.runtime.remove(id);
                    this.sandboxes.deleteById(id);
                    act(actions, "record-removed", id);
                    continue;
                }
                if (anonymousExpired) {
                    this.service.remove(id, "env-manager", "sandbox.expire");
                    act(actions, "expired", id);
                    continue;
                }
                if (record.getStatus() == SandboxStatus.RUNNING && !instance.get().running()) {
                    this.admin.forget(id);
                    record.setStatus(SandboxStatus.STOPPED);
                    record.setInstance(instance.get().handle(), null, null);
                    this.sandboxes.save(record);
                    act(actions, "marked-stopped", id);
                }
            }
            catch (RuntimeException ex) {
                log.warn("cannot reconcile sandbox {}", id, ex);
            }
            finally {
                lock.unlock();
            }
        }
        if (!actions.isEmpty()) {
            log.info("reconciliation: {}", actions);
        }
        return actions;
    }

    private void act(Map<String, Integer> actions, String action, String sandboxId) {
        log.info("reconciliation: {} {}", action, sandboxId);
        actions.merge(action, 1, Integer::sum);
        counter(action).increment();
    }

    private Counter counter(String action) {
        return this.counters.computeIfAbsent(action, name -> Counter.builder("taidon.reconciliation.actions")
            .description("Actions taken by sandbox reconciliation")
            .tag("action", name)
            .register(this.meters));
    }
}
