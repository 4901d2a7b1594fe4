package io.taidon.auditlog.chain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.auditlog.config.AuditLogProperties;
import io.taidon.platform.audit.AuditEvent;

/**
 * The hash chain over {@code audit_event}: appends events and verifies the chain.
 * <p>
 * Appends are serialized by {@code LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE} (self-conflicting, held to
 * the end of the transaction, readers are not blocked), so ids, commit order and chain order agree and the chain
 * stays linear under concurrent appends, from several threads or several replicas. The hash is defined in
 * {@link CanonicalEventEncoding}.
 * <p>
 * Metrics: {@code taidon.audit.events.appended} (counter), {@code taidon.audit.verifications} (counter, tag
 * {@code result} = {@code valid}/{@code broken}).
 */
@Service
public class AuditChain {

    private final JdbcTemplate jdbc;

    private final JdbcTemplate streaming;

    private final Counter appended;

    private final Counter verifiedValid;

    private final Counter verifiedBroken;

    /**
     * @param jdbc template on audit-log's own schema
     * @param dataSource the same data source, for the streaming verification
     * @param properties fetch size of the verification
     * @param meters where the metrics go
     */
    public AuditChain(JdbcTemplate jdbc, DataSource dataSource, AuditLogProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(properties.verifyFetchSize());
        this.appended = Counter.builder("taidon.audit.events.appended")
            .description("audit events appended to the hash chain")
            .register(meters);
        this.verifiedValid = Counter.builder("taidon.audit.verifications")
            .tag("result", "valid")
            .description("chain verifications by result")
            .register(meters);
        this.verifiedBroken = Counter.builder("taidon.audit.verifications")
            .tag("result", "broken")
            .description("chain verifications by result")
            .register(meters);
    }

    /**
     * Appends the events, in the given order, at the end of the chain; all or none (one transaction).
     *
     * @param events validated events
     * @return the ids given to them, in order
     */
    @Transactional
    public List<Long> append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        this.jdbc.execute("lock table audit_event in share row exclusive mode");
        byte[] previous = this.jdbc.query("select hash from audit_event order by id desc limit 1",
                rs -> rs.next() ? rs.getBytes(1) : CanonicalEventEncoding.genesis());
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Long[] ids = new Long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            AuditEvent event = events.get(i);
            Long id = this.jdbc.queryForObject("select nextval('audit_event_id_seq')", Long.class);
            ChainedEvent row = new ChainedEvent(id, event.actor(), event.action(), event.objectType(),
                    event.objectId(), event.outcome(), event.time().truncatedTo(ChronoUnit.MICROS),
                    event.requestId(), receivedAt);
            byte[] hash = CanonicalEventEncoding.chainHash(previous, row);
            this.jdbc.update("""
                    insert into audit_event (id, actor, action, object_type, object_id, outcome, event_time,
                        request_id, received_at, prev_hash, hash)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", row.id(), row.actor(), row.action(),
                    row.objectType(), row.objectId(), row.outcome(), utc(row.eventTime()),
                    row.requestId(), utc(row.receivedAt()), previous, hash);
            previous = hash;
            ids[i] = id;
        }
        this.appended.increment(events.size());
        return List.of(ids);
    }

    /**
     * Verifies the whole chain from the genesis, streaming rows in id order ({@code fetchSize} rows in memory at a
     * time) and stopping at the first row that does not fit: its {@code prev_hash} differs from the previous row's
     * hash (a row before it was removed or changed its hash) or its recomputed hash differs from the stored one (the
     * row was changed).
     * <p>
     * Limits: removing rows at the very end, or rewriting every hash after a change, cannot be seen from the chain
     * alone; anchoring the latest hash outside the database would close that gap.
     *
     * @return the verdict
     */
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        byte[] expectedPrevious = CanonicalEventEncoding.genesis();
        long checked = 0;
        Long broken = null;
        try (Stream<StoredRow> rows = this.streaming.queryForStream("""
                select id, actor, action, object_type, object_id, outcome, event_time, request_id, received_at,
                    prev_hash, hash
                from audit_event order by id""", AuditChain::mapRow)) {
            Iterator<StoredRow> iterator = rows.iterator();
            while (iterator.hasNext()) {
                StoredRow row = iterator.next();
                checked++;
                boolean linked = Arrays.equals(row.prevHash(), expectedPrevious);
                boolean intact = Arrays.equals(row.hash(), CanonicalEventEncoding.chainHash(row.prevHash(), row.event()));
                if (!linked || !intact) {
                    broken = row.event().id();
                    break;
                }
                expectedPrevious = row.hash();
            }
        }
        (broken == null ? this.verifiedValid : this.verifiedBroken).increment();
        return new ChainVerification(broken == null, checked, broken);
    }

    private static StoredRow mapRow(ResultSet rs, int rowNum) throws SQLException {
        ChainedEvent event = new ChainedEvent(rs.getLong("id"), rs.getString("actor"), rs.getString("action"),
                rs.getString("object_type"), rs.getString("object_id"), rs.getString("outcome"),
                instant(rs, "event_time"), rs.getString("request_id"), instant(rs, "received_at"));
        return new StoredRow(event, rs.getBytes("prev_hash"), rs.getBytes("hash"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value.toInstant();
    }

    private static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    private record StoredRow(ChainedEvent event, byte[] prevHash, byte[] hash) {
    }
}
