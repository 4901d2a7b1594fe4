package io.taidon.idp.key;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.taidon.idp.config.IdpProperties;
import io.taidon.platform.security.TaidonSecurityProperties;

/**
 * The ES256 signing keys kept in {@code idp.signing_keys}, shared by every replica.
 * <p>
 * The newest unretired key signs. {@link #rotate()} (on a schedule, {@code taidon.idp.key-rotation-interval}) adds a
 * new key and retires the old one; a retired key stays published and trusted for {@link #retention()} after its
 * retirement (access-token lifetime + clock skew + one reload interval), so every token it signed expires before
 * the key disappears. Every replica reloads the keys each {@code taidon.idp.key-check-interval} and, rate-limited,
 * when it meets an unknown {@code kid}. Rotation and the first key are created under a PostgreSQL advisory lock so
 * replicas never race.
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private static final long ADVISORY_LOCK = 0x7A1D0_0001L;

    private static final Duration RELOAD_ON_UNKNOWN_KID = Duration.ofSeconds(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeyRepository repository;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final IdpProperties properties;

    private final Duration retention;

    private volatile Loaded loaded = new Loaded(new JWKSet(), new JWKSet(), null, Instant.EPOCH);

    SigningKeys(SigningKeyRepository repository, JdbcTemplate jdbc, TransactionTemplate transactions,
            IdpProperties properties, TaidonSecurityProperties security) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.retention = properties.accessTokenTtl().plus(security.clockSkew()).plus(properties.keyCheckInterval());
        rotateIfDue();
    }

    /** @return how long a retired key stays in the JWKS */
    public Duration retention() {
        return this.retention;
    }

    /** @return the {@code kid} of the key that signs new tokens */
    public String activeKid() {
        String kid = this.loaded.activeKid();
        if (kid == null) {
            reload();
            kid = this.loaded.activeKid();
        }
        if (kid == null) {
            throw new IllegalStateException("no active signing key");
        }
        return kid;
    }

    /** @return the public JWKS: the active key and every retired key still within {@link #retention()} */
    public JWKSet publicKeys() {
        return this.loaded.publicKeys();
    }

    /** @return the private keys, for the JWT encoder (it selects by {@code kid}) */
    public JWKSource<SecurityContext> signingSource() {
        return (selector, context) -> selector.select(this.loaded.privateKeys());
    }

    /** @return the public keys for verification; an unknown {@code kid} reloads from the database at most 1/s */
    public JWKSource<SecurityContext> verificationSource() {
        return (selector, context) -> {
            Loaded current = this.loaded;
            List<JWK> found = selector.select(current.publicKeys());
            if (found.isEmpty() && current.loadedAt().plus(RELOAD_ON_UNKNOWN_KID).isBefore(Instant.now())) {
                found = selector.select(reload().publicKeys());
            }
            return found;
        };
    }

    /** Replaces the active key by a new one now, whatever its age (scheduled rotation and tests). */
    public void rotate() {
        this.transactions.executeWithoutResult(status -> {
            lock();
            generateAndRetireOthers();
        });
        reload();
    }

    /** Rotates when the active key is older than the rotation interval (or there is none); drops expired keys. */
    @Scheduled(initialDelayString = "${taidon.idp.key-check-interval:1m}",
            fixedDelayString = "${taidon.idp.key-check-interval:1m}")
    public void rotateIfDue() {
        Instant now = Instant.now();
        this.transactions.executeWithoutResult(status -> {
            lock();
            List<SigningKey> active = this.repository.findByRetiredAtIsNullOrderByCreatedAtDesc();
            if (active.isEmpty()
                    || active.getFirst().createdAt().plus(this.properties.keyRotationInterval()).isBefore(now)) {
                generateAndRetireOthers();
            }
            this.repository.deleteRetiredBefore(now.minus(this.retention));
        });
        reload();
    }

    /** @return the keys as now stored, after making them the ones in use */
    public Loaded reload() {
        Instant now = Instant.now();
        List<SigningKey> rows = this.transactions.execute(
                status -> this.repository.findByRetiredAtIsNullOrRetiredAtAfterOrderByCreatedAtDesc(
                        now.minus(this.retention)));
        List<JWK> keys = rows == null ? List.of() : rows.stream().map(SigningKeys::parse).toList();
        String activeKid = rows == null ? null : rows.stream().filter(row -> row.retiredAt() == null)
            .map(SigningKey::kid).findFirst().orElse(null);
        Loaded fresh = new Loaded(new JWKSet(keys), new JWKSet(keys).toPublicJWKSet(), activeKid, now);
        this.loaded = fresh;
        return fresh;
    }

    private void lock() {
        this.jdbc.queryForList("select pg_advisory_xact_lock(?)", ADVISORY_LOCK);
    }

    private void generateAndRetireOthers() {
        Instant now = Instant.now();
        this.repository.findByRetiredAtIsNullOrderByCreatedAtDesc().forEach(key -> key.retire(now));
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .generate();
            this.repository.save(new SigningKey(kid, key.toJSONString(), now));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot generate an ES256 key", ex);
        }
        log.info("new signing key {} is active", kid);
    }

    private static JWK parse(SigningKey row) {
        try {
            return JWK.parse(row.privateJwk());
        }
        catch (ParseException ex) {
            throw new IllegalStateException("signing key " + row.kid() + " is not a JWK", ex);
        }
    }

    /**
     * The keys one replica uses until the next reload.
     *
     * @param privateKeys active and retained keys with their private parts
     * @param publicKeys the same keys, public parts only
     * @param activeKid the key that signs, or null before the first key exists
     * @param loadedAt when they were read
     */
    public record Loaded(JWKSet privateKeys, JWKSet publicKeys, @Nullable String activeKid,
            Instant loadedAt) {
    }
}
