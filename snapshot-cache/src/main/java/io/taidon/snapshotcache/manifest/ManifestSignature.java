package io.taidon.snapshotcache.manifest;

/**
 * @param keyId id of the signing key, published at {@code GET /api/snapshots/keys}
 * @param algorithm always {@code Ed25519} (RFC 8032)
 * @param value base64 (RFC 4648 §4) of the 64-byte signature over the manifest's canonical bytes
 */
public record ManifestSignature(String keyId, String algorithm, String value) {
}
