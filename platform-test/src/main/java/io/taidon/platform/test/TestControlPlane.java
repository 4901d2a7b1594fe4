package io.taidon.platform.test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.taidon.embedded.ControlPlane;
import io.taidon.embedded.ServiceDatabase;

/**
 * One real control-plane PostgreSQL per test JVM (started on first use, stopped at JVM exit), with the same
 * least-privilege roles as production.
 */
public final class TestControlPlane {

    // one password per schema for the whole JVM: cached Spring contexts keep opening connections with it
    private static final Map<String, String> PASSWORDS = new ConcurrentHashMap<>();

    private static volatile ControlPlane instance;

    private TestControlPlane() {
    }

    /** @return the JVM's control plane, started on first call */
    public static ControlPlane get() {
        ControlPlane local = instance;
        if (local == null) {
            synchronized (TestControlPlane.class) {
                local = instance;
                if (local == null) {
                    local = ControlPlane.start(null, 0);
                    ControlPlane started = local;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-control-plane-stop"));
                    instance = local;
                }
            }
        }
        return local;
    }

    /**
     * Provisions the schema (with a random password fixed for this JVM) and registers {@code spring.datasource.*} and Flyway
     * settings for it.
     *
     * @param registry the test's dynamic properties
     * @param schema the service's schema
     * @return the provisioned database
     */
    public static ServiceDatabase register(DynamicPropertyRegistry registry, String schema) {
        ServiceDatabase database = get().provision(schema,
                PASSWORDS.computeIfAbsent(schema, s -> UUID.randomUUID().toString()));
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.flyway.default-schema", database::schema);
        registry.add("spring.flyway.schemas", database::schema);
        return database;
    }

    /** @return a superuser connection pool on the control-plane database (to tamper with rows in tests) */
    public static DataSource superuser() {
        return get().superuser(ControlPlane.DATABASE);
    }
}
