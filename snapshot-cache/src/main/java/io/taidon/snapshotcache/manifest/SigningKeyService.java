package io.taidon.snapshotcache.manifest;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's Ed25519 manifest-signing keys (RFC 8032, the JDK's own provider), kept in the {@code snapshots}
 * schema: one active key signs, retired keys still verify what they signed; {@link #rotate()} retires the active key
 * and creates a new one. Created on first use when none exists.
 */
@Service
public class SigningKeyService {

    /** The signature algorithm. */
    public static final String ALGORITHM = "Ed25519";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeyRepository keys;

    private final TransactionTemplate transactions;

    private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();

    /**
     * Creates the first key in a transaction of its own: losing the race to create it (two commits at once on a new
     * installation) must leave the caller's transaction usable.
     */
    private final TransactionTemplate ownTransaction;

    SigningKeyService(SigningKeyRepository keys, TransactionTemplate transactions) {
        this.keys = keys;
        this.transactions = transactions;
        this.ownTransaction = new TransactionTemplate(Objects.requireNonNull(transactions.getTransactionManager()));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * @param canonical the bytes to sign
     * @return the signature by the active key
     */
    public ManifestSignature sign(byte[] canonical) {
        SigningKeyEntity key = activeKey();
        try {
            PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
                .generatePrivate(new PKCS8EncodedKeySpec(key.privateKey()));
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(canonical);
            return new ManifestSignature(key.id(), ALGORITHM, Base64.getEncoder().encodeToString(signature.sign()));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot sign with key " + key.id(), ex);
        }
    }

    /**
     * @param canonical the signed bytes
     * @param signature the signature to check
     * @return whether a known key (active or retired) made this signature over these bytes
     */
    public boolean verify(byte[] canonical, ManifestSignature signature) {
        if (!ALGORITHM.equals(signature.algorithm())) {
            return false;
        }
        PublicKey publicKey = publicKey(signature.keyId());
        if (publicKey == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(canonical);
            return verifier.verify(Base64.getDecoder().decode(signature.value()));
        }
        catch (GeneralSecurityException | IllegalArgumentException ex) {
            return false;
        }
    }

    /**
     * Retires the active key and makes a new one active.
     *
     * @return the new key's public form
     */
    public PublicSigningKey rotate() {
        SigningKeyEntity created = this.transactions.execute(status -> {
            this.keys.findFirstByRetiredAtIsNull().ifPresent(active -> {
                active.retire(Instant.now());
                this.keys.saveAndFlush(active);
            });
            return this.keys.saveAndFlush(generate());
        });
        return toPublic(created);
    }

    /** @return every key, oldest first, public parts only */
    public List<PublicSigningKey> publishedKeys() {
        activeKey();
        return this.keys.findAllByOrderByCreatedAtAsc().stream().map(SigningKeyService::toPublic).toList();
    }

    private SigningKeyEntity activeKey() {
        return this.keys.findFirstByRetiredAtIsNull().orElseGet(() -> {
            try {
                return Objects.requireNonNull(this.ownTransaction.execute(status -> this.keys.saveAndFlush(generate())));
            }
            catch (DataIntegrityViolationException raced) {
                // another commit (of this instance or another) created the active key at the same moment: its insert
                // failed in a transaction of its own, and the caller's transaction reads the winner
                return this.keys.findFirstByRetiredAtIsNull().orElseThrow(() -> raced);
            }
        });
    }

    private @org.jspecify.annotations.Nullable PublicKey publicKey(String keyId) {
        PublicKey cached = this.publicKeys.get(keyId);
        if (cached != null) {
            return cached;
        }
        return this.keys.findById(keyId).map(entity -> {
            try {
                PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(entity.publicKey()));
                this.publicKeys.put(keyId, key);
                return key;
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException("stored key " + keyId + " is not an Ed25519 key", ex);
            }
        }).orElse(null);
    }

    private static SigningKeyEntity generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            byte[] id = new byte[8];
            RANDOM.nextBytes(id);
            return new SigningKeyEntity("k_" + HexFormat.of().formatHex(id), pair.getPublic().getEncoded(),
                    pair.getPrivate().getEncoded(), Instant.now());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("the JDK has no Ed25519", ex);
        }
    }

    private static PublicSigningKey toPublic(SigningKeyEntity key) {
        return new PublicSigningKey(key.id(), ALGORITHM, Base64.getEncoder().encodeToString(key.publicKey()),
                key.createdAt(), key.retiredAt());
    }

    /**
     * A published verification key.
     *
     * @param keyId the id manifests name in {@code signature.keyId}
     * @param algorithm {@code Ed25519}
     * @param publicKey base64 of the X.509 SubjectPublicKeyInfo (RFC 8410)
     * @param createdAt when the key was created
     * @param retiredAt when it stopped signing, or null while active
     */
    public record PublicSigningKey(String keyId, String algorithm, String publicKey, Instant createdAt,
            @org.jspecify.annotations.Nullable Instant retiredAt) {
    }
}
