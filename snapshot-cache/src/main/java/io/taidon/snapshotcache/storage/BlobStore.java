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
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import org.springframework.stereotype.Component;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.InvalidRequestException;

/**
 * Content-addressed blobs: file contents zstd-compressed under the SHA-256 of their uncompressed bytes
 * ({@code blobs/sha256/<2 hex>/<64 hex>}), stored once however many snapshots list them;
 * reads decompress and verify the digest before any byte is handed out.
 * <p>
 * Writes stream through the digest and the compressor straight to the blob key and are committed (single PUT or
 * multipart completion) only once the digest matches, so a wrong or cut upload never leaves a visible blob.
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
     * Looks many blobs up at once (concurrently; the S3 client bounds the requests in flight per host).
     *
     * @param sha256s blob addresses
     * @return the stored size of each, empty for blobs not stored
     */
    public Map<String, OptionalLong> storedSizes(Collection<String> sha256s) {
        Map<String, Future<OptionalLong>> pending = new LinkedHashMap<>();
        Map<String, OptionalLong> sizes = new LinkedHashMap<>();
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String sha256 : sha256s) {
                pending.put(sha256, lookups.submit(() -> storedSize(sha256)));
            }
            for (Map.Entry<String, Future<OptionalLong>> entry : pending.entrySet()) {
                sizes.put(entry.getKey(), entry.getValue().get());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking blobs up", ex);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
        return sizes;
    }

    /**
     * Streams raw bytes in, compressed while hashed, straight to the blob key; the object becomes visible only if
     * the hash is {@code sha256} (a short blob is written after the check, a long one is a multipart upload completed
     * after it, or aborted).
     *
     * @param sha256 the announced SHA-256 of the raw bytes
     * @param raw the uncompressed content, read to its end
     * @return raw and stored sizes
     * @throws BlobHashMismatchException when the bytes hash to something else
     * @throws InvalidRequestException {@code upload-interrupted} when the body ends with an error
     */
    public Written write(String sha256, InputStream raw) {
        requireSha256(sha256);
        MessageDigest digest = sha256Digest();
        String[] actual = new String[1];
        try (CompressingInputStream compressing = new CompressingInputStream(raw, digest, LEVEL)) {
            long stored;
            try {
                stored = this.objects.putIf(key(sha256), compressing, "application/zstd", () -> {
                    actual[0] = HexFormat.of().formatHex(digest.digest());
                    return compressing.finished() && actual[0].equals(sha256);
                });
            }
            catch (IOException | DownstreamUnavailableException ex) {
                if (compressing.sourceFailed()) {
                    throw new InvalidRequestException("upload-interrupted",
                            "The blob's body ended before it was complete; send it again.");
                }
                throw ex;
            }
            if (stored < 0) {
                throw new BlobHashMismatchException(sha256, actual[0] == null ? "?" : actual[0]);
            }
            return new Written(sha256, compressing.rawBytes(), stored);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
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
