package io.taidon.envmanager.hardening;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import io.taidon.envmanager.config.EnvManagerProperties;

/**
 * The cluster-wide state of a sandbox that a learner can change from the learner database, and its defaults.
 * Cluster-wide state lives in shared catalogs ({@code global/}), outside the learner database: a reset (which
 * replaces only that database) keeps it and a snapshot (which carries {@code global/}) copies it to every sandbox
 * restored from it. So one learner's {@code ALTER ROLE learner SET transform_null_equals = on} would reach every
 * learner who boots from a chain snapshot of the same script. env-manager therefore puts this state back to the
 * defaults ({@link #restore}) after every reset and restore and before a layer or snapshot is stored.
 * <p>
 * What a learner (a non-superuser that owns only its database, no CREATEROLE, no ADMIN option on any role) can
 * change, found by trying every {@code ALTER}/{@code GRANT}/{@code COMMENT}/{@code SECURITY LABEL} on shared objects
 * as the learner on PostgreSQL 18.6 (the hardening tests repeat each), and what {@link #restore} does about it:
 * <ul>
 * <li>its role's settings, {@code ALTER ROLE learner SET/RESET …} (any {@code USERSET} parameter, even
 * {@code role}, {@code session_authorization} and {@code local_preload_libraries}, which fails every later login)
 * and {@code RESET ALL} (which drops the timeouts but keeps the superuser-only {@code temp_file_limit}): put back to
 * exactly the role defaults of {@link EnvManagerProperties.Learner};</li>
 * <li>its per-database settings, {@code ALTER ROLE learner IN DATABASE <any database> SET …} (even databases it
 * cannot connect to), and the learner database's settings ({@code ALTER DATABASE learner SET …},
 * {@code ALTER ROLE ALL IN DATABASE learner SET …}): removed (there are none by default);</li>
 * <li>its password, {@code ALTER ROLE learner PASSWORD …} (also {@code NULL} or an MD5 hash), which locks
 * env-manager's handed-out connection details out: set back to env-manager's password (as a SCRAM-SHA-256
 * verifier env-manager computes, {@link #verifier}, so that the check is a string comparison);</li>
 * <li>the learner database's attributes: {@code CONNECTION LIMIT} and {@code IS_TEMPLATE true} (a template
 * database cannot be dropped, so a reset would fail for good; {@link SandboxHardening#dropLearnerDatabase} clears
 * it first): put back to {@code -1}/{@code false}, {@code ALLOW_CONNECTIONS true};</li>
 * <li>the learner database's ACL, which its owner may {@code GRANT} to {@code PUBLIC} or any role and
 * {@code REVOKE} from itself (no more logins): put back to {@code {learner=CTc/learner}};</li>
 * <li>the learner database's comment ({@code COMMENT ON DATABASE learner}, in {@code pg_shdescription}): removed.</li>
 * </ul>
 * What the learner can still change: nothing else in the shared catalogs. Refused on PostgreSQL 18 are every other
 * role attribute of its own role ({@code VALID UNTIL}, {@code CONNECTION LIMIT}, {@code NOLOGIN}, {@code INHERIT},
 * {@code RENAME}: CREATEROLE and ADMIN option required), {@code COMMENT ON ROLE}, {@code GRANT}/{@code REVOKE} of
 * roles ({@code pg_auth_members}), security labels (no label provider is loaded: {@code pg_shseclabel} stays
 * empty), tablespaces and their ACLs, {@code GRANT SET ON PARAMETER} ({@code pg_parameter_acl}), subscriptions,
 * other databases' settings, ACLs and comments, {@code ALTER ROLE ALL SET}, {@code ALTER DATABASE learner RENAME},
 * {@code OWNER TO}, {@code SET TABLESPACE}, and {@code ALLOW_CONNECTIONS false} (only from another database, which
 * the learner cannot reach). {@code ALTER DATABASE learner REFRESH COLLATION VERSION} is allowed but only records
 * the version the server already has (builtin provider). The {@link #FINGERPRINT} covers all of these, so a test
 * proves they stay at their defaults. Everything inside the learner database is the learner's state on purpose: it
 * is what a script did, and a layer or snapshot holds it.
 * <p>
 * Cost: {@link #restore} is one query on the admin connection that computes the repair statements from the shared
 * catalogs (none when the state is at its defaults, the usual case) and, only when some are needed, one more
 * round trip that runs them in one implicit transaction.
 */
public final class ClusterDefaults {

    /** One SQL query (no parameters): {@code digest} (SHA-256 hex of {@code text}) and {@code text}. */
    public static final String FINGERPRINT = """
            WITH learner AS (SELECT oid FROM pg_authid WHERE rolname = 'learner'),
                 own AS (SELECT oid FROM pg_database WHERE datname = 'learner'),
                 dbs AS (SELECT * FROM pg_database
                          WHERE datname NOT LIKE 'layer\\_%' AND datname NOT LIKE 'spare\\_%'
                            AND datname NOT LIKE 'taidon\\_capture\\_%' AND datname <> 'taidon_base'),
                 line(section, body) AS (
                   SELECT 'role', concat_ws(' ', rolname, 'super=' || rolsuper, 'inherit=' || rolinherit,
                            'createrole=' || rolcreaterole, 'createdb=' || rolcreatedb, 'login=' || rolcanlogin,
                            'replication=' || rolreplication, 'bypassrls=' || rolbypassrls,
                            'connlimit=' || rolconnlimit, 'validuntil=' || coalesce(rolvaliduntil::text, 'none'),
                            'password=' || CASE WHEN rolpassword IS NULL THEN 'none'
                                                WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram-sha-256'
                                                ELSE 'other' END)
                     FROM pg_authid WHERE oid = (SELECT oid FROM learner)
                   UNION ALL
                   SELECT 'setting', coalesce(d.datname, '*') || '/' || coalesce(r.rolname, '*') || ' '
                            || (SELECT string_agg(item, ',' ORDER BY item COLLATE "C") FROM unnest(s.setconfig) item)
                     FROM pg_db_role_setting s
                     LEFT JOIN pg_database d ON d.oid = s.setdatabase
                     LEFT JOIN pg_authid r ON r.oid = s.setrole
                    WHERE s.setrole = (SELECT oid FROM learner) OR s.setdatabase = (SELECT oid FROM own)
                   UNION ALL
                   SELECT 'member', concat_ws(' ', roleid::regrole, member::regrole, grantor::regrole,
                            'admin=' || admin_option, 'inherit=' || inherit_option, 'set=' || set_option)
                     FROM pg_auth_members
                   UNION ALL
                   SELECT 'database', concat_ws(' ', datname, 'owner=' || pg_get_userbyid(datdba),
                            'template=' || datistemplate, 'allowconn=' || datallowconn, 'connlimit=' || datconnlimit,
                            'acl=' || coalesce(datacl::text, 'default'), 'encoding=' || pg_encoding_to_char(encoding),
                            'provider=' || datlocprovider::text, 'locale=' || coalesce(datlocale, datcollate),
                            'collversion=' || coalesce(datcollversion, 'none'),
                            'tablespace=' || (SELECT spcname FROM pg_tablespace t WHERE t.oid = dattablespace))
                     FROM dbs
                   UNION ALL
                   SELECT 'comment', c.relname || ' ' || coalesce(
                            (SELECT datname FROM pg_database WHERE oid = sd.objoid AND sd.classoid = 'pg_database'::regclass),
                            (SELECT rolname FROM pg_authid WHERE oid = sd.objoid AND sd.classoid = 'pg_authid'::regclass),
                            (SELECT spcname FROM pg_tablespace WHERE oid = sd.objoid AND sd.classoid = 'pg_tablespace'::regclass),
                            sd.objoid::text) || ' ' || sd.description
                     FROM pg_shdescription sd JOIN pg_class c ON c.oid = sd.classoid
                   UNION ALL
                   SELECT 'label', sl.classoid::regclass || ' ' || sl.objoid || ' ' || sl.provider || ' ' || sl.label
                     FROM pg_shseclabel sl
                   UNION ALL
                   SELECT 'tablespace', concat_ws(' ', spcname, 'owner=' || pg_get_userbyid(spcowner),
                            'acl=' || coalesce(spcacl::text, 'default'), 'options=' || coalesce(spcoptions::text, 'none'))
                     FROM pg_tablespace
                   UNION ALL
                   SELECT 'parameter', parname || ' ' || coalesce(paracl::text, 'default') FROM pg_parameter_acl
                   UNION ALL
                   SELECT 'subscription', subname FROM pg_subscription
                 ),
                 text AS (SELECT coalesce(string_agg(section || ' ' || body, E'\\n'
                                   ORDER BY section COLLATE "C", body COLLATE "C"), '') AS body FROM line)
            SELECT encode(sha256(convert_to(body, 'UTF8')), 'hex'), body FROM text
            """;

    /**
     * The check: one query that returns the statements putting the state back (null when there is nothing to do).
     * Parameters: 1 the statement setting env-manager's verifier, 2 that verifier, 3 and 4 the connection limit, 5
     * the statements setting the role's default settings, 6 those settings ({@code name=value}).
     */
    private static final String REPAIRS = """
            WITH learner AS (SELECT oid, rolpassword, rolconnlimit FROM pg_authid WHERE rolname = 'learner'),
                 own AS (SELECT * FROM pg_database WHERE datname = 'learner'),
                 repair(step, sql) AS (
                   SELECT 1, ?::text FROM learner WHERE rolpassword IS DISTINCT FROM ?::text
                   UNION ALL
                   SELECT 2, 'ALTER ROLE learner CONNECTION LIMIT ' || ?::int FROM learner WHERE rolconnlimit <> ?::int
                   UNION ALL
                   SELECT 3, 'ALTER ROLE learner RESET ALL; ' || ?::text FROM learner
                    WHERE (SELECT array_agg(item ORDER BY item COLLATE "C") FROM pg_db_role_setting s, unnest(s.setconfig) item
                            WHERE s.setrole = learner.oid AND s.setdatabase = 0)
                          IS DISTINCT FROM (SELECT array_agg(item ORDER BY item COLLATE "C") FROM unnest(?::text[]) item)
                   UNION ALL
                   SELECT 4, format('ALTER ROLE %s IN DATABASE %I RESET ALL',
                                    CASE WHEN s.setrole = 0 THEN 'ALL' ELSE quote_ident(r.rolname) END, d.datname)
                     FROM pg_db_role_setting s
                     JOIN pg_database d ON d.oid = s.setdatabase
                     LEFT JOIN pg_authid r ON r.oid = s.setrole
                    WHERE s.setdatabase <> 0 AND (s.setrole = (SELECT oid FROM learner) OR d.datname = 'learner')
                   UNION ALL
                   SELECT 5, 'ALTER DATABASE learner WITH IS_TEMPLATE false ALLOW_CONNECTIONS true CONNECTION LIMIT -1'
                     FROM own WHERE datistemplate OR NOT datallowconn OR datconnlimit <> -1
                   UNION ALL
                   SELECT 6, 'ALTER DATABASE learner OWNER TO learner' FROM own WHERE pg_get_userbyid(datdba) <> 'learner'
                   UNION ALL
                   SELECT 7, 'REVOKE ALL ON DATABASE learner FROM PUBLIC'
                            || coalesce((SELECT string_agg(DISTINCT ', ' || quote_ident(pg_get_userbyid(a.grantee)), '')
                                           FROM aclexplode(coalesce(own.datacl, acldefault('d', own.datdba))) a
                                          WHERE a.grantee <> 0), '')
                            || ' CASCADE; GRANT ALL ON DATABASE learner TO learner'
                     FROM own
                    WHERE pg_get_userbyid(datdba) <> 'learner' OR datacl IS NULL OR datacl::text <> '{learner=CTc/learner}'
                   UNION ALL
                   SELECT 8, 'COMMENT ON DATABASE learner IS NULL' FROM own
                    WHERE EXISTS (SELECT 1 FROM pg_shdescription
                                   WHERE classoid = 'pg_database'::regclass AND objoid = own.oid)
                 )
            SELECT string_agg(sql, '; ' ORDER BY step) FROM repair
            """;

    /** PostgreSQL's default {@code scram_iterations}. */
    private static final int SCRAM_ITERATIONS = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EnvManagerProperties.Learner limits;

    private final List<String> settings;

    private final String setSettings;

    private final Map<String, String> verifiers = new ConcurrentHashMap<>();

    /**
     * @param limits the learner role's defaults and connection limit
     */
    public ClusterDefaults(EnvManagerProperties.Learner limits) {
        this.limits = limits;
        this.settings = List.of("statement_timeout=" + limits.statementTimeout().toMillis() + "ms",
                "idle_in_transaction_session_timeout=" + limits.idleInTransactionSessionTimeout().toMillis() + "ms",
                "temp_file_limit=" + limits.tempFileLimit().toKilobytes() + "kB",
                "work_mem=" + limits.workMem().toKilobytes() + "kB");
        this.setSettings = String.join("; ", settingStatements());
    }

    /** @return the statements that give the learner role its default settings and connection limit */
    List<String> limitStatements() {
        List<String> statements = new java.util.ArrayList<>();
        statements.add("ALTER ROLE " + SandboxHardening.LEARNER + " CONNECTION LIMIT " + this.limits.connectionLimit());
        statements.addAll(settingStatements());
        return statements;
    }

    private List<String> settingStatements() {
        return this.settings.stream().map(setting -> {
            int equals = setting.indexOf('=');
            return "ALTER ROLE " + SandboxHardening.LEARNER + " SET " + setting.substring(0, equals) + " = '"
                    + setting.substring(equals + 1) + "'";
        }).toList();
    }

    /**
     * A fingerprint of the cluster-wide state a learner could reach (see the class comment): the learner role's
     * attributes (its password only as its kind: none, scram-sha-256, other), every per-role/per-database setting
     * of the learner role or the learner database, role memberships, every database but layers, spares, the base
     * template and a parked capture (owner, template, connections, limit, ACL, encoding, locale, collation version, tablespace), shared
     * comments and security labels, tablespaces, parameter ACLs and subscriptions. Equal in every sandbox at its
     * defaults (names only, no OIDs, no passwords). One query ({@link #FINGERPRINT}).
     *
     * @param admin superuser connection to any database of the sandbox
     * @return the fingerprint
     * @throws SQLException on SQL failure
     */
    public static Fingerprint fingerprint(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement(); ResultSet row = statement.executeQuery(FINGERPRINT)) {
            row.next();
            return new Fingerprint(row.getString(1), row.getString(2));
        }
    }

    /**
     * Puts the cluster-wide state a learner can change back to the defaults (see the class comment): one check
     * query and, only when something differs, one batch of repairs in one transaction.
     *
     * @param admin superuser connection (autocommit) to any database of the sandbox
     * @param learnerPassword env-manager's learner password of this sandbox
     * @return the repair statements run (passwords left out), or null when the state was at its defaults
     * @throws SQLException on SQL failure
     */
    public @Nullable String restore(Connection admin, String learnerPassword) throws SQLException {
        String verifier = verifier(learnerPassword);
        String repairs;
        try (PreparedStatement check = admin.prepareStatement(REPAIRS)) {
            check.setString(1, setPassword(verifier));
            check.setString(2, verifier);
            check.setInt(3, this.limits.connectionLimit());
            check.setInt(4, this.limits.connectionLimit());
            check.setString(5, this.setSettings);
            check.setArray(6, admin.createArrayOf("text", this.settings.toArray()));
            try (ResultSet row = check.executeQuery()) {
                row.next();
                repairs = row.getString(1);
            }
        }
        if (repairs == null) {
            return null;
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute(repairs);
        }
        return repairs.replace(setPassword(verifier), "ALTER ROLE learner PASSWORD …");
    }

    /**
     * @param learnerPassword a password
     * @return the statement that sets it as the learner's (as a SCRAM verifier: the server stores it as is)
     */
    String setPassword(String learnerPassword) {
        String verifier = learnerPassword.startsWith("SCRAM-SHA-256$") ? learnerPassword : verifier(learnerPassword);
        return "ALTER ROLE " + SandboxHardening.LEARNER + " PASSWORD " + SandboxHardening.literal(verifier);
    }

    /**
     * The SCRAM-SHA-256 verifier env-manager stores for a password, in PostgreSQL's format
     * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64; RFC 5802 §3 and RFC 7677; as
     * PostgreSQL's {@code scram_build_secret}, 16-byte random salt, 4096 iterations). Remembered per password, so
     * that the same password always gives the same verifier in this process and {@link #restore} can compare the
     * stored one as a string. Passwords are env-manager's own ({@code SandboxCredentials}: URL-safe base64), which
     * SASLprep leaves unchanged.
     *
     * @param password the password
     * @return its verifier
     */
    String verifier(String password) {
        if (this.verifiers.size() > 10_000) {
            this.verifiers.clear(); // one entry per sandbox password; bounded
        }
        return this.verifiers.computeIfAbsent(password, ClusterDefaults::newVerifier);
    }

    private static String newVerifier(String password) {
        try {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, SCRAM_ITERATIONS, 256))
                .getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = java.security.MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder base64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + SCRAM_ITERATIONS + ":" + base64.encodeToString(salt) + "$"
                    + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot compute a SCRAM-SHA-256 verifier", ex);
        }
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param digest SHA-256 (hex) of {@code text}
     * @param text one line per catalog row, sorted: {@code <section> <row>}
     */
    public record Fingerprint(String digest, String text) {
    }
}
