package io.taidon.snapshotcache.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import org.springframework.stereotype.Component;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.InvalidRequestException;

/**
 * Content-addressed blobs: file contents zstd-compressed under the SHA-256 of their uncompressed bytes
 * ({@code blobs/sha256/<2 hex>/<64 hex>}), stored once however many snapshots list them. Writes stream through a
 * digest and the compressor to a temporary key and become visible under the blob key only when the digest matches;
 * reads decompress and verify the digest before any byte is handed out.
 */
@Component
public class BlobStore {

    /** Prefix of every blob key. */
    public static final String PREFIX = "blobs/sha256/";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private static final int LEVEL = 3;

    private final ObjectStore objects;

    BlobStore(ObjectStore objects) {
        this.objects = objects;
    }

    /**
     * @param sha256 lower-case hex SHA-256
     * @return the object key of the blob
     * @throws InvalidRequestException {@code invalid-sha256} when it is not 64 lower-case hex digits
     */
    public static String key(String sha256) {
        requireSha256(sha256);
        return PREFIX + sha256.substring(0, 2) + "/" + sha256;
    }

    /**
     * @param key an object key
     * @return the SHA-256 if the key is a blob key, else null
     */
    public static @org.jspecify.annotations.Nullable String sha256Of(String key) {
        if (!key.startsWith(PREFIX)) {
            return null;
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        return SHA256.matcher(name).matches() ? name : null;
    }

    /**
     * @param sha256 a value from a request
     * @throws InvalidRequestException {@code invalid-sha256} unless it is 64 lower-case hex digits
     */
    public static void requireSha256(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new InvalidRequestException("invalid-sha256", "A SHA-256 is 64 lower-case hex digits.");
        }
    }

    /**
     * @param sha256 blob address
     * @return the compressed (stored) size, or empty when the blob is not stored
     */
    public OptionalLong storedSize(String sha256) {
        return this.objects.stat(key(sha256)).map(o -> OptionalLong.of(o.size())).orElse(OptionalLong.empty());
    }

    /**
     * Streams raw bytes in: compressed while hashed to {@code stagingKey}, then copied to the blob key only if the
     * hash is {@code sha256}. The staging object is removed in every case.
     *
     * @param sha256 the announced SHA-256 of the raw bytes
     * @param stagingKey where the bytes land before they are verified, e.g. {@code uploads/<id>/<sha256>}
     * @param raw the uncompressed content, read to its end
     * @return raw and stored sizes
     * @throws BlobHashMismatchException when the bytes hash to something else
     */
    public Written write(String sha256, String stagingKey, InputStream raw) {
        requireSha256(sha256);
        MessageDigest digest = sha256Digest();
        try {
            try (CompressingInputStream compressing = new CompressingInputStream(raw, digest, LEVEL)) {
                try {
                    this.objects.put(stagingKey, compressing, "application/zstd");
                }
                catch (DownstreamUnavailableException ex) {
                    if (compressing.sourceFailed()) {
                        throw new InvalidRequestException("upload-interrupted",
                                "The blob's body ended before it was complete; send it again.");
                    }
                    throw ex;
                }
                if (!compressing.finished()) {
                    throw new IOException("the blob's stream ended early");
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(sha256)) {
                    throw new BlobHashMismatchException(sha256, actual);
                }
                long stored = this.objects.stat(stagingKey).orElseThrow(() -> new ObjectMissingException(stagingKey))
                    .size();
                this.objects.copy(stagingKey, key(sha256));
                return new Written(sha256, compressing.rawBytes(), stored);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            this.objects.delete(stagingKey);
        }
    }

    /**
     * Decompresses a blob into a private temporary file (owner-only permissions) and verifies its SHA-256 there,
     * so a corrupt blob is refused before any byte reaches a client. The caller deletes the file.
     *
     * @param sha256 blob address
     * @return the file holding the verified raw content
     * @throws SnapshotCorruptException when the stored bytes do not decompress or hash to {@code sha256}
     * @throws ObjectMissingException when the blob is not stored
     */
    public Path readVerified(String sha256) {
        Path file;
        try {
            file = Files.createTempFile("taidon-blob-", ".raw",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        boolean verified = false;
        try {
            MessageDigest digest = sha256Digest();
            try (InputStream stored = this.objects.get(key(sha256));
                    InputStream raw = new ZstdInputStream(stored);
                    OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = raw.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            catch (ZstdException ex) {
                throw new SnapshotCorruptException("Blob " + sha256 + " cannot be decompressed.");
            }
            catch (IOException ex) {
                if (ex.getCause() instanceof ZstdException || ex.getClass().getName().contains("Zstd")) {
                    throw new SnapshotCorruptException("Blob " + sha256 + " cannot be decompressed.");
                }
                throw new UncheckedIOException(ex);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new SnapshotCorruptException("Blob " + sha256 + " does not match its address.");
            }
            verified = true;
            return file;
        }
        finally {
            if (!verified) {
                deleteQuietly(file);
            }
        }
    }

    /**
     * @param sha256 blob address; deleting a missing blob succeeds
     */
    public void delete(String sha256) {
        this.objects.delete(key(sha256));
    }

    /**
     * @param file a temporary file to remove, ignoring failures
     */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException ex) {
            // a leftover temp file is harmless and owner-only
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param sha256 address of the blob
     * @param size uncompressed bytes
     * @param storedSize compressed bytes in the store
     */
    public record Written(String sha256, long size, long storedSize) {
    }
}
