package io.taidon.snapshotcache.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.UploadPartArgs;
import io.minio.UploadPartResponse;
import io.minio.messages.Part;
import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.snapshotcache.config.SnapshotCacheProperties;

/**
 * Every object the service stores, through the MinIO SDK to one S3-compatible bucket: one code path for MinIO in
 * production and S3Proxy in tests and the embedded mode. Failures of the store are answered 503
 * ({@link DownstreamUnavailableException}); a missing object is {@link Optional#empty()} or
 * {@link ObjectMissingException}.
 */
@Component
public class ObjectStore implements InitializingBean {

    private static final String SERVICE = "object storage";

    private final MinioClient client;

    private final String bucket;

    private final long partSize;

    private final MinioAsyncClient asyncClient;

    ObjectStore(MinioClient client, MinioAsyncClient asyncClient, SnapshotCacheProperties properties) {
        this.client = client;
        this.asyncClient = asyncClient;
        this.bucket = properties.s3().bucket();
        this.partSize = Math.max(5L * 1024 * 1024, properties.s3().partSize().toBytes());
    }

    /** Creates the bucket when it does not exist yet. */
    @Override
    public void afterPropertiesSet() {
        try {
            if (!this.client.bucketExists(BucketExistsArgs.builder().bucket(this.bucket).build())) {
                this.client.makeBucket(MakeBucketArgs.builder().bucket(this.bucket).build());
            }
        }
        catch (ErrorResponseException ex) {
            if (!"BucketAlreadyOwnedByYou".equals(ex.errorResponse().code())) {
                throw new DownstreamUnavailableException(SERVICE, ex);
            }
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    /** @return the bucket every object lives in */
    public String bucket() {
        return this.bucket;
    }

    /**
     * Streams an object of unknown length (multipart upload in parts of the configured size; only one part is
     * held in memory at a time).
     *
     * @param key object key
     * @param content the bytes, read to the end but not closed
     * @param contentType MIME type stored with the object
     */
    public void put(String key, InputStream content, String contentType) {
        try {
            this.client.putObject(PutObjectArgs.builder().bucket(this.bucket).object(key)
                .stream(content, -1L, this.partSize).contentType(contentType).build());
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    /**
     * Streams an object of unknown length that becomes visible only if {@code commit} agrees once the stream is
     * read to its end: a stream shorter than one part is held in memory and written with one PUT; a longer one goes
     * up as a multipart upload that is completed, or aborted (nothing visible), after the check. At most one part
     * is in memory at a time.
     *
     * @param key object key
     * @param content the bytes, read to the end but not closed
     * @param contentType MIME type stored with the object
     * @param commit asked after the end of the stream; false leaves no object
     * @return bytes written, or -1 when {@code commit} refused
     * @throws IOException when reading {@code content} fails (nothing is made visible)
     */
    public long putIf(String key, InputStream content, String contentType, BooleanSupplier commit)
            throws IOException {
        byte[] part = content.readNBytes((int) this.partSize);
        if (part.length < this.partSize) {
            if (!commit.getAsBoolean()) {
                return -1;
            }
            put(key, part, contentType);
            return part.length;
        }
        String uploadId = await(this.asyncClient.createMultipartUpload(CreateMultipartUploadArgs.builder()
            .bucket(this.bucket).object(key)
            .headers(new Http.Headers("Content-Type", contentType)).build())).result().uploadId();
        boolean completed = false;
        try {
            List<Part> parts = new ArrayList<>();
            long written = 0;
            while (part.length > 0) {
                int number = parts.size() + 1;
                UploadPartResponse uploaded = await(this.asyncClient.uploadPart(UploadPartArgs.builder()
                    .bucket(this.bucket).object(key).uploadId(uploadId).partNumber(number)
                    .data(part, part.length).build()));
                parts.add(new Part(number, uploaded.part().etag()));
                written += part.length;
                part = content.readNBytes((int) this.partSize);
            }
            if (!commit.getAsBoolean()) {
                return -1;
            }
            await(this.asyncClient.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
                .bucket(this.bucket).object(key).uploadId(uploadId).parts(parts.toArray(Part[]::new)).build()));
            completed = true;
            return written;
        }
        finally {
            if (!completed) {
                try {
                    await(this.asyncClient.abortMultipartUpload(AbortMultipartUploadArgs.builder()
                        .bucket(this.bucket).object(key).uploadId(uploadId).build()));
                }
                catch (DownstreamUnavailableException ex) {
                    // an incomplete multipart upload is invisible; the bucket's lifecycle rule removes leftovers
                }
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        }
        catch (CompletionException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex.getCause() == null ? ex : ex.getCause());
        }
    }

    /**
     * @param key object key
     * @param content the whole (small) object
     * @param contentType MIME type stored with the object
     */
    public void put(String key, byte[] content, String contentType) {
        try {
            this.client.putObject(PutObjectArgs.builder().bucket(this.bucket).object(key)
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).contentType(contentType)
                .build());
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    /**
     * @param key object key
     * @return the object's bytes as a stream the caller closes
     * @throws ObjectMissingException when there is no such object
     */
    public InputStream get(String key) {
        try {
            return this.client.getObject(GetObjectArgs.builder().bucket(this.bucket).object(key).build());
        }
        catch (ErrorResponseException ex) {
            if (isMissing(ex)) {
                throw new ObjectMissingException(key);
            }
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    /**
     * @param key object key
     * @return size and modification time, or empty when there is no such object
     */
    public Optional<StoredObject> stat(String key) {
        try {
            StatObjectResponse stat = this.client
                .statObject(StatObjectArgs.builder().bucket(this.bucket).object(key).build());
            return Optional.of(new StoredObject(key, stat.size(), stat.lastModified().toInstant()));
        }
        catch (ErrorResponseException ex) {
            if (isMissing(ex)) {
                return Optional.empty();
            }
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    /**
     * Server-side copy inside the bucket.
     *
     * @param sourceKey existing object
     * @param targetKey key to write
     */
    public void copy(String sourceKey, String targetKey) {
        try {
            this.client.copyObject(CopyObjectArgs.builder().bucket(this.bucket).object(targetKey)
                .source(SourceObject.builder().bucket(this.bucket).object(sourceKey).build()).build());
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    /**
     * Deletes an object; deleting a missing object succeeds.
     *
     * @param key object key
     */
    public void delete(String key) {
        try {
            this.client.removeObject(RemoveObjectArgs.builder().bucket(this.bucket).object(key).build());
        }
        catch (ErrorResponseException ex) {
            if (!isMissing(ex)) {
                throw new DownstreamUnavailableException(SERVICE, ex);
            }
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
    }

    /**
     * @param prefix key prefix, e.g. {@code blobs/}
     * @return every object under the prefix (recursive)
     */
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (Result<Item> result : this.client
                .listObjects(ListObjectsArgs.builder().bucket(this.bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    objects.add(new StoredObject(item.objectName(), item.size(),
                            item.lastModified() == null ? Instant.EPOCH : item.lastModified().toInstant()));
                }
            }
        }
        catch (MinioException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
        return objects;
    }

    private static boolean isMissing(ErrorResponseException ex) {
        String code = ex.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    /**
     * One stored object.
     *
     * @param key object key
     * @param size stored size in bytes
     * @param lastModified when it was last written
     */
    public record StoredObject(String key, long size, Instant lastModified) {
    }
}
