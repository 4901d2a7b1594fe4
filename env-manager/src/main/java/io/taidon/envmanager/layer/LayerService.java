package io.taidon.envmanager.layer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.sandbox.SandboxAdmin;
import io.taidon.envmanager.sandbox.SandboxInstanceDiscarded;
import io.taidon.envmanager.sandbox.SandboxUnavailableException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;

/**
 * Layers: the state of the learner database after a chain prefix, kept as a template database
 * {@code layer_<first 56 hex of the chain hash>} inside the sandbox (not connectable, owned by the superuser).
 * <p>
 * Reset is the hot path: a spare clone {@code spare_<…>} of the layer is prepared in the background, so that a
 * reset only drops {@code learner} and renames the spare (no copy); without a ready spare it clones synchronously
 * ({@code CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY}). One spare per sandbox, for the layer used last.
 * At most {@code taidon.env-manager.layers.max-per-sandbox} layers are kept; the least recently used goes first.
 * Metric: {@code taidon_layer_reset_seconds} (tags {@code runtime}, {@code path}: {@code spare} or {@code clone}).
 */
@Service
public class LayerService {

    private static final Logger log = LoggerFactory.getLogger(LayerService.class);

    private static final Pattern CHAIN_HASH = Pattern.compile("[0-9a-f]{64}");

    private final SandboxAdmin admin;

    private final SandboxHardening hardening;

    private final JdbcTemplate jdbc;

    private final int maxPerSandbox;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    private final Timer resetFromSpare;

    private final Timer resetByClone;

    LayerService(SandboxAdmin admin, SandboxHardening hardening, JdbcTemplate jdbc, EnvManagerProperties properties,
            SandboxRuntime runtime, MeterRegistry meters) {
        this.admin = admin;
        this.hardening = hardening;
        this.jdbc = jdbc;
        this.maxPerSandbox = properties.layers().maxPerSandbox();
        this.resetFromSpare = resetTimer(meters, runtime.name(), "spare");
        this.resetByClone = resetTimer(meters, runtime.name(), "clone");
    }

    private static Timer resetTimer(MeterRegistry meters, String runtime, String path) {
        return Timer.builder("taidon.layer.reset")
            .description("Time to make the learner database equal to a layer")
            .tags("runtime", runtime, "path", path)
            .publishPercentileHistogram()
            .register(meters);
    }

    /**
     * Makes the current learner database a layer (replacing an existing layer of the same hash), terminating
     * sessions left on it and putting the cluster-wide state back to the defaults first
     * ({@link SandboxAdmin#restoreClusterDefaults}), then prepares a spare clone in the background.
     *
     * @param sandboxId the sandbox
     * @param chainHash 64 lower-case hex digits
     * @throws NotFoundException when there is no such sandbox
     */
    public void create(String sandboxId, String chainHash) {
        String layer = layerName(chainHash);
        List<String> evicted = this.admin.withAdmin(sandboxId, (connection, instance) -> {
            if (exists(connection, layer)) {
                dropDatabase(connection, layer, true);
            }
            dropDatabase(connection, spareName(chainHash), false);
            execute(connection, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = 'learner' AND pid <> pg_backend_pid()");
            // the layer holds what the script did to the learner database; its role and database attributes go
            // back to the defaults (a layer is copied into chain snapshots that other learners boot from)
            this.admin.restoreClusterDefaults(sandboxId, connection);
            SandboxHardening.execute(connection,
                    "CREATE DATABASE " + layer + " TEMPLATE " + SandboxHardening.LEARNER
                            + " STRATEGY FILE_COPY IS_TEMPLATE true ALLOW_CONNECTIONS false",
                    "REVOKE ALL ON DATABASE " + layer + " FROM PUBLIC");
            Timestamp now = Timestamp.from(Instant.now());
            this.jdbc.update("""
                    insert into sandbox_layer (sandbox_id, chain_hash, database_name, created_at, last_used_at)
                    values (?, ?, ?, ?, ?)
                    on conflict (sandbox_id, chain_hash) do update set created_at = excluded.created_at,
                        last_used_at = excluded.last_used_at
                    """, sandboxId, chainHash, layer, now, now);
            List<String> over = this.jdbc.queryForList("""
                    select chain_hash from sandbox_layer where sandbox_id = ?
                    order by last_used_at desc offset ?
                    """, String.class, sandboxId, this.maxPerSandbox);
            for (String old : over) {
                dropLayer(connection, sandboxId, old);
            }
            return over;
        });
        if (!evicted.isEmpty()) {
            log.debug("sandbox {}: evicted {} layer(s)", sandboxId, evicted.size());
        }
        prepareSpareLater(sandboxId, chainHash);
    }

    /**
     * Makes the learner database equal to a layer: swaps in the ready spare, or clones the layer; then puts the
     * cluster-wide state a learner can change back to the defaults ({@link SandboxAdmin#restoreClusterDefaults}: one
     * query when nothing changed), so a reset also repairs a learner's {@code ALTER ROLE learner PASSWORD}.
     *
     * @param sandboxId the sandbox
     * @param chainHash the layer's chain hash
     * @throws NotFoundException when there is no such sandbox or layer
     */
    public void reset(String sandboxId, String chainHash) {
        String layer = layerName(chainHash);
        String spare = spareName(chainHash);
        long started = System.nanoTime();
        boolean fromSpare = this.admin.withAdmin(sandboxId, (connection, instance) -> {
            boolean known = this.jdbc.update("update sandbox_layer set last_used_at = ? where sandbox_id = ?"
                    + " and chain_hash = ?", Timestamp.from(Instant.now()), sandboxId, chainHash) > 0;
            if (!known || !exists(connection, layer)) {
                throw NotFoundException.forId("layer", chainHash);
            }
            boolean swapped = exists(connection, spare);
            if (swapped) {
                SandboxHardening.dropLearnerDatabase(connection);
                SandboxHardening.execute(connection, "ALTER DATABASE " + spare + " RENAME TO learner",
                        "ALTER DATABASE learner OWNER TO learner", "ALTER DATABASE learner WITH ALLOW_CONNECTIONS true");
            }
            else {
                this.hardening.recreateLearnerDatabase(connection, layer);
            }
            this.admin.restoreClusterDefaults(sandboxId, connection);
            return swapped;
        });
        (fromSpare ? this.resetFromSpare : this.resetByClone).record(System.nanoTime() - started,
                java.util.concurrent.TimeUnit.NANOSECONDS);
        prepareSpareLater(sandboxId, chainHash);
    }

    /**
     * @param sandboxId the sandbox
     * @return its layers' chain hashes, most recently used first
     * @throws NotFoundException when there is no such sandbox
     */
    public List<String> list(String sandboxId) {
        requireSandbox(sandboxId);
        return this.jdbc.queryForList(
                "select chain_hash from sandbox_layer where sandbox_id = ? order by last_used_at desc, chain_hash",
                String.class, sandboxId);
    }

    /**
     * Forgets every layer record of a sandbox whose instance was discarded (reset to a snapshot, suspended): the
     * new instance, if any, holds none of them. Runs in the publisher's thread and transaction.
     *
     * @param discarded which sandbox
     */
    @EventListener
    public void forgetAll(SandboxInstanceDiscarded discarded) {
        this.jdbc.update("delete from sandbox_layer where sandbox_id = ?", discarded.sandboxId());
    }

    /**
     * Drops a layer and its spare. Idempotent.
     *
     * @param sandboxId the sandbox
     * @param chainHash the layer's chain hash
     * @throws NotFoundException when there is no such sandbox
     */
    public void delete(String sandboxId, String chainHash) {
        layerName(chainHash);
        this.admin.withAdmin(sandboxId, (connection, instance) -> {
            dropLayer(connection, sandboxId, chainHash);
            return null;
        });
    }

    private void requireSandbox(String sandboxId) {
        Integer count = this.jdbc.queryForObject("select count(*) from sandbox where id = ?", Integer.class, sandboxId);
        if (count == null || count == 0) {
            throw NotFoundException.forId("sandbox", sandboxId);
        }
    }

    private void dropLayer(Connection connection, String sandboxId, String chainHash) throws SQLException {
        dropDatabase(connection, spareName(chainHash), false);
        dropDatabase(connection, layerName(chainHash), true);
        this.jdbc.update("delete from sandbox_layer where sandbox_id = ? and chain_hash = ?", sandboxId, chainHash);
    }

    private void prepareSpareLater(String sandboxId, String chainHash) {
        this.background.execute(() -> {
            try {
                this.admin.withAdmin(sandboxId, (connection, instance) -> {
                    String layer = layerName(chainHash);
                    String spare = spareName(chainHash);
                    try (Statement statement = connection.createStatement();
                            ResultSet others = statement.executeQuery(
                                    "SELECT datname FROM pg_database WHERE datname LIKE 'spare\\_%'")) {
                        List<String> names = new java.util.ArrayList<>();
                        while (others.next()) {
                            names.add(others.getString(1));
                        }
                        for (String other : names) {
                            if (!other.equals(spare)) {
                                dropDatabase(connection, other, false);
                            }
                        }
                    }
                    if (exists(connection, layer) && !exists(connection, spare)) {
                        SandboxHardening.execute(connection, "CREATE DATABASE " + spare + " TEMPLATE " + layer
                                + " STRATEGY FILE_COPY ALLOW_CONNECTIONS false",
                                "REVOKE ALL ON DATABASE " + spare + " FROM PUBLIC");
                    }
                    return null;
                });
            }
            catch (NotFoundException | SandboxUnavailableException ex) {
                log.debug("no spare prepared for sandbox {}", sandboxId, ex);
            }
            catch (RuntimeException ex) {
                log.warn("preparing a spare for sandbox {} failed", sandboxId, ex);
            }
        });
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void dropDatabase(Connection connection, String database, boolean template) throws SQLException {
        if (!exists(connection, database)) {
            return;
        }
        if (template) {
            execute(connection, "ALTER DATABASE " + database + " WITH IS_TEMPLATE false");
        }
        execute(connection, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String layerName(String chainHash) {
        return "layer_" + checked(chainHash).substring(0, 56);
    }

    static String spareName(String chainHash) {
        return "spare_" + checked(chainHash).substring(0, 56);
    }

    private static String checked(String chainHash) {
        if (!CHAIN_HASH.matcher(chainHash).matches()) {
            throw new InvalidRequestException("invalid-chain-hash", "A chain hash is 64 lower-case hex digits.");
        }
        return chainHash;
    }

    @PreDestroy
    void shutdown() {
        this.background.shutdownNow();
    }
}
