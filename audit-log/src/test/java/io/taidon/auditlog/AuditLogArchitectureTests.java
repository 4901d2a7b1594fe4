package io.taidon.auditlog;

import io.taidon.platform.test.ServiceArchitectureTests;

/** audit-log's shape: the rules every service keeps ({@link ServiceArchitectureTests}). */
class AuditLogArchitectureTests extends ServiceArchitectureTests {

    AuditLogArchitectureTests() {
        super("io.taidon.auditlog");
    }
}
