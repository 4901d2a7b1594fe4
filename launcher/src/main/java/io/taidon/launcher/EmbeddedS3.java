package io.taidon.launcher;

import java.net.URI;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The embedded S3-compatible store of the one-command mode: S3Proxy (https://github.com/gaul/s3proxy) in the
 * launcher's JVM with a filesystem blob store, on 127.0.0.1, accepting AWS signature V2 or V4 with one key pair
 * generated at every start.
 */
final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;

    private final String accessKey;

    private final String secretKey;

    private EmbeddedS3(S3Proxy proxy, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * @param baseDirectory where buckets live (one directory per bucket)
     * @param port TCP port on 127.0.0.1, 0 for a free one
     * @return the running store
     * @throws LaunchException when it cannot start
     */
    static EmbeddedS3 start(Path baseDirectory, int port) {
        String accessKey = Secrets.accessKeyId();
        String secretKey = Secrets.generate();
        S3Proxy proxy = S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(baseDirectory.toString()))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        catch (Exception ex) {
            throw new LaunchException("the embedded S3 store did not start on port " + port + ": " + ex, ex);
        }
        return new EmbeddedS3(proxy, accessKey, secretKey);
    }

    /** @return the S3 endpoint, {@code http://127.0.0.1:<port>} */
    String endpoint() {
        return "http://127.0.0.1:" + this.proxy.getPort();
    }

    /** @return the access key id clients sign with */
    String accessKey() {
        return this.accessKey;
    }

    /** @return the secret key clients sign with */
    String secretKey() {
        return this.secretKey;
    }

    @Override
    public void close() {
        try {
            this.proxy.stop();
        }
        catch (Exception ex) {
            throw new IllegalStateException("the embedded S3 store did not stop", ex);
        }
    }
}
