package io.taidon.idp.revocation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.idp.config.IdpProperties;
import io.taidon.platform.security.RevocationSet;
import io.taidon.platform.security.RevocationSource;
import io.taidon.platform.security.TaidonSecurityProperties;

/**
 * The control plane's revocation list of access tokens, in idp-adapter's schema (tables {@code revoked_subjects},
 * {@code revoked_tokens}). Every service reads it through {@code GET /internal/revocations} and refuses a listed
 * token on its next request; idp-adapter reads it directly (it is this service's {@link RevocationSource}). A row is
 * kept until every token it voids has expired (access-token lifetime plus clock skew), then purged.
 */
@Service
public class TokenRevocationService implements RevocationSource {

    private final JdbcTemplate jdbc;

    private final Duration keep;

    TokenRevocationService(JdbcTemplate jdbc, IdpProperties properties, TaidonSecurityProperties security) {
        this.jdbc = jdbc;
        this.keep = properties.accessTokenTtl().plus(security.clockSkew()).plusMinutes(1);
    }

    /**
     * Voids every token of the subject issued before {@code before} (compared with the token's whole-second
     * {@code iat}). A later instant than the one stored wins.
     *
     * @param subject userId
     * @param before the instant; tokens whose {@code iat} is earlier are refused
     */
    @Transactional
    public void revokeSubject(String subject, Instant before) {
        this.jdbc.update("""
                insert into revoked_subjects (subject, revoked_before, purge_after) values (?, ?, ?)
                on conflict (subject) do update
                  set revoked_before = greatest(revoked_subjects.revoked_before, excluded.revoked_before),
                      purge_after = greatest(revoked_subjects.purge_after, excluded.purge_after)""", subject,
                Timestamp.from(before), Timestamp.from(before.plus(this.keep)));
    }

    /**
     * @param jti the token's id
     * @param expiresAt the token's {@code exp}; the row is purged after it
     */
    @Transactional
    public void revokeToken(String jti, Instant expiresAt) {
        this.jdbc.update("insert into revoked_tokens (jti, purge_after) values (?, ?) on conflict (jti) do nothing",
                jti, Timestamp.from(expiresAt.plus(this.keep)));
    }

    @Override
    @Transactional(readOnly = true)
    public RevocationSet load() {
        Map<String, Instant> subjects = new HashMap<>();
        this.jdbc.query("select subject, revoked_before from revoked_subjects",
                row -> {
                    subjects.put(row.getString(1), row.getTimestamp(2).toInstant());
                });
        Set<String> tokens = new HashSet<>(this.jdbc.queryForList("select jti from revoked_tokens", String.class));
        return new RevocationSet(subjects, tokens);
    }

    /** Deletes the rows whose tokens have all expired. */
    @Scheduled(fixedDelayString = "${taidon.idp.revocation-purge-interval:5m}")
    @Transactional
    public void purge() {
        Timestamp now = Timestamp.from(Instant.now());
        this.jdbc.update("delete from revoked_subjects where purge_after < ?", now);
        this.jdbc.update("delete from revoked_tokens where purge_after < ?", now);
    }
}
