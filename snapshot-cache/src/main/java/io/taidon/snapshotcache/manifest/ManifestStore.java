package io.taidon.snapshotcache.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.taidon.snapshotcache.storage.ObjectMissingException;
import io.taidon.snapshotcache.storage.ObjectStore;
import io.taidon.snapshotcache.storage.SnapshotCorruptException;

/**
 * Writes signed manifests to {@code manifests/<snapshotId>.json} and reads them back verified: the signature must
 * be present, made by a known key over the canonical bytes ({@link ManifestCodec}), and the manifest must name the
 * snapshot it is stored for. Anything else is {@link SnapshotCorruptException}.
 */
@Component
public class ManifestStore {

    private static final long MAX_MANIFEST_BYTES = 64L * 1024 * 1024;

    private final ObjectStore objects;

    private final SigningKeyService signingKeys;

    private final ManifestCodec codec = new ManifestCodec();

    ManifestStore(ObjectStore objects, SigningKeyService signingKeys) {
        this.objects = objects;
        this.signingKeys = signingKeys;
    }

    /**
     * @param snapshotId a snapshot id
     * @return its manifest's object key
     */
    public static String key(String snapshotId) {
        return "manifests/" + snapshotId + ".json";
    }

    /**
     * Signs the manifest with the active key and stores it.
     *
     * @param unsigned the manifest without signature
     * @return the signed manifest as stored
     */
    public Manifest write(Manifest unsigned) {
        Manifest signed = unsigned.withSignature(this.signingKeys.sign(this.codec.canonical(unsigned)));
        this.objects.put(key(signed.snapshotId()), this.codec.toJson(signed), "application/json");
        return signed;
    }

    /**
     * @param snapshotId the snapshot whose manifest to read
     * @return the verified manifest
     * @throws SnapshotCorruptException when it is missing, unparseable, unsigned, signed by an unknown key, wrongly
     *         signed, tampered with, or names another snapshot
     */
    public Manifest read(String snapshotId) {
        byte[] stored;
        try (InputStream in = this.objects.get(key(snapshotId))) {
            stored = in.readNBytes((int) MAX_MANIFEST_BYTES);
        }
        catch (ObjectMissingException ex) {
            throw new SnapshotCorruptException("The manifest of snapshot " + snapshotId + " is missing.");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        try {
            JsonNode document = this.codec.parse(stored);
            JsonNode signatureNode = document.get("signature");
            if (signatureNode == null || signatureNode.isNull()) {
                throw new SnapshotCorruptException("The manifest of snapshot " + snapshotId + " is not signed.");
            }
            Manifest manifest = this.codec.fromTree(document);
            ManifestSignature signature = manifest.signature();
            if (signature == null || !this.signingKeys.verify(this.codec.canonical(document), signature)) {
                throw new SnapshotCorruptException(
                        "The manifest of snapshot " + snapshotId + " fails signature verification.");
            }
            if (manifest.formatVersion() != Manifest.FORMAT_VERSION || !snapshotId.equals(manifest.snapshotId())) {
                throw new SnapshotCorruptException(
                        "The manifest stored for snapshot " + snapshotId + " does not describe it.");
            }
            return manifest;
        }
        catch (JacksonException | IllegalArgumentException ex) {
            throw new SnapshotCorruptException("The manifest of snapshot " + snapshotId + " cannot be parsed.");
        }
    }

    /**
     * @param snapshotId the snapshot whose manifest to delete (missing is fine)
     */
    public void delete(String snapshotId) {
        this.objects.delete(key(snapshotId));
    }
}
