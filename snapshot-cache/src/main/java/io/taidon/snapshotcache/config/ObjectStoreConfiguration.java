package io.taidon.snapshotcache.config;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link MinioClient} of the service, built from {@code taidon.snapshot-cache.s3.*}. */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    MinioClient minioClient(SnapshotCacheProperties properties) {
        SnapshotCacheProperties.S3 s3 = properties.s3();
        MinioClient.Builder builder = MinioClient.builder().endpoint(s3.endpoint()).region(s3.region());
        if (s3.accessKey() != null && s3.secretKey() != null) {
            builder.credentials(s3.accessKey(), s3.secretKey());
        }
        return builder.build();
    }

    /** The same store for the low-level multipart calls (verified uploads complete only after their hash matched). */
    @Bean
    MinioAsyncClient minioAsyncClient(SnapshotCacheProperties properties) {
        SnapshotCacheProperties.S3 s3 = properties.s3();
        MinioAsyncClient.Builder builder = MinioAsyncClient.builder().endpoint(s3.endpoint()).region(s3.region());
        if (s3.accessKey() != null && s3.secretKey() != null) {
            builder.credentials(s3.accessKey(), s3.secretKey());
        }
        return builder.build();
    }
}
