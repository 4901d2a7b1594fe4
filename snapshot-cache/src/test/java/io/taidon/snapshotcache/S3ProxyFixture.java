package io.taidon.snapshotcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.awaitility.Awaitility.await;

/**
 * A real S3 server for tests: S3Proxy on 127.0.0.1 (random port) over a filesystem blob store in an owner-only
 * temporary directory, with random credentials. One per test JVM, started on first use, stopped at exit.
 */
public final class S3ProxyFixture {

    private static volatile S3ProxyFixture instance;

    private final S3Proxy proxy;

    private final Path directory;

    private final String accessKey = "test-" + UUID.randomUUID();

    private final String secretKey = UUID.randomUUID().toString();

    private S3ProxyFixture() throws Exception {
        this.directory = Files.createTempDirectory("taidon-s3proxy-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", this.directory.toString());
        this.proxy = S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem", properties))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, this.accessKey, this.secretKey)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .ignoreUnknownHeaders(true)
            .build();
        this.proxy.start();
        await("S3Proxy started").atMost(Duration.ofSeconds(30))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(5))
            .until(() -> "STARTED".equals(this.proxy.getState()));
    }

    /** @return the JVM's S3 server, started on first call */
    public static S3ProxyFixture get() {
        S3ProxyFixture local = instance;
        if (local == null) {
            synchronized (S3ProxyFixture.class) {
                local = instance;
                if (local == null) {
                    try {
                        local = new S3ProxyFixture();
                    }
                    catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    catch (Exception ex) {
                        throw new IllegalStateException("S3Proxy did not start", ex);
                    }
                    S3ProxyFixture started = local;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "s3proxy-stop"));
                    instance = local;
                }
            }
        }
        return local;
    }

    /**
     * Points {@code taidon.snapshot-cache.s3.*} at this server, with a bucket of the test's own.
     *
     * @param registry the test's dynamic properties
     * @param bucket bucket name for this test context
     */
    public static void register(DynamicPropertyRegistry registry, String bucket) {
        S3ProxyFixture s3 = get();
        registry.add("taidon.snapshot-cache.s3.endpoint", s3::endpoint);
        registry.add("taidon.snapshot-cache.s3.access-key", () -> s3.accessKey);
        registry.add("taidon.snapshot-cache.s3.secret-key", () -> s3.secretKey);
        registry.add("taidon.snapshot-cache.s3.bucket", () -> bucket);
    }

    /** @return the server's URL */
    public String endpoint() {
        return "http://127.0.0.1:" + this.proxy.getPort();
    }

    /** @return the access key */
    public String accessKey() {
        return this.accessKey;
    }

    /** @return the secret key */
    public String secretKey() {
        return this.secretKey;
    }

    /** @return the directory the blob store writes to (owner-only) */
    public Path directory() {
        return this.directory;
    }

    private void stop() {
        try {
            this.proxy.stop();
        }
        catch (Exception ex) {
            // the JVM is exiting
        }
        try (java.util.stream.Stream<Path> files = Files.walk(this.directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // a leftover owner-only temp directory is harmless
        }
    }
}
