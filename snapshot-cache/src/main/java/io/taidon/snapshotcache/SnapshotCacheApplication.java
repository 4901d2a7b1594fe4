package io.taidon.snapshotcache;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of snapshot-cache. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SnapshotCacheApplication {

    /**
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SnapshotCacheApplication.class, args);
    }
}
