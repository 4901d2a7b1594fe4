package io.taidon.auditlog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of audit-log. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuditLogApplication {

    /**
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(AuditLogApplication.class, args);
    }
}
