package io.taidon.envmanager.runtime;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * How sandboxes are run: one implementation per runtime ({@code process}, {@code docker} and {@code kubernetes}).
 * A runtime knows nothing of users' records: it creates, starts, stops, inspects and removes PostgreSQL
 * instances (limited by the owner's quotas the {@link SandboxSpec} carries, where the runtime can limit resources)
 * and opens superuser connections to them. Every instance it creates is labelled with its sandbox id so that
 * {@link #listManaged()} finds it again after a crash.
 * <p>
 * The superuser connection never leaves env-manager: only env-manager's own code calls {@link #adminConnection}.
 */
public interface SandboxRuntime {

    /** Name of every sandbox cluster's superuser (same in every runtime). */
    String SUPERUSER = "taidon_admin";

    /** @return the runtime's name as stored in records and used as a metric tag, e.g. {@code process} */
    String name();

    /**
     * @return the engine version the runtime runs, e.g. {@code 18.6}
     */
    String engineVersion();

    /**
     * Creates a new, stopped instance with an empty cluster whose superuser is {@link #SUPERUSER}.
     *
     * @param spec what to create
     * @return a handle to the new instance
     * @throws SandboxRuntimeException when the instance cannot be created (nothing is left behind)
     */
    SandboxInstance create(SandboxSpec spec);

    /**
     * Starts the instance (writing Taidon's own server configuration first) and waits until it accepts
     * connections.
     *
     * @param instance the instance; its address may change
     * @param superuserPassword the superuser's password, to check readiness with a real login
     * @return the running instance with its current host and port
     * @throws SandboxRuntimeException when it does not become ready in time
     */
    SandboxInstance start(SandboxInstance instance, String superuserPassword);

    /**
     * Stops the instance with a fast shutdown; a stopped instance stays stopped.
     *
     * @param instance the instance
     */
    void stop(SandboxInstance instance);

    /**
     * Stops and deletes the instance and all its data. Idempotent.
     *
     * @param sandboxId id of the sandbox whose instance to remove
     */
    void remove(String sandboxId);

    /**
     * @param sandboxId the sandbox
     * @return the instance's current state, or empty when the runtime holds nothing for it
     */
    Optional<SandboxInstance> inspect(String sandboxId);

    /**
     * Opens a superuser connection to a database of a running instance.
     *
     * @param instance a running instance
     * @param superuserPassword its superuser password
     * @param database database name
     * @return an open connection, autocommit on; the caller closes it
     * @throws SandboxRuntimeException when the instance does not answer
     */
    Connection adminConnection(SandboxInstance instance, String superuserPassword, String database);

    /**
     * @return every instance this runtime manages (running or not), for reconciliation, including what an
     *         interrupted {@link #create} or {@link #remove} left (e.g. a data directory without its container): the
     *         reconciler removes, through {@link #remove(String)}, every one whose sandbox has no record
     */
    List<SandboxInstance> listManaged();

    /**
     * @param instance the instance
     * @return bytes the instance's data occupies on disk, or -1 when unknown
     */
    long sizeBytes(SandboxInstance instance);
    /**
     * @return whether {@link #dataDirectory}, {@link #createForRestore} and {@link #setSuperuserPassword} work, i.e.
     *         whether snapshots can be captured and restored with this runtime; callers check it before stopping a
     *         sandbox for a capture
     */
    default boolean dataFilesReachable() {
        return true;
    }

    /**
     * The data directory (PGDATA) of an instance on env-manager's own filesystem, read for a snapshot capture
     * while the instance is stopped and written for a restore before its first start.
     *
     * @param instance the instance
     * @return its PGDATA
     * @throws SandboxRuntimeException when this runtime keeps data where env-manager cannot read it
     */
    default Path dataDirectory(SandboxInstance instance) {
        throw new SandboxRuntimeException("the " + name() + " runtime cannot expose data files");
    }

    /**
     * Creates a new, stopped instance whose PGDATA is an empty directory (mode 0700), to be filled from a
     * snapshot through {@link #dataDirectory(SandboxInstance)}.
     *
     * @param spec what to create
     * @return a handle to the new instance
     * @throws SandboxRuntimeException when the instance cannot be created (nothing is left behind)
     */
    default SandboxInstance createForRestore(SandboxSpec spec) {
        throw new SandboxRuntimeException("the " + name() + " runtime cannot restore snapshots");
    }

    /**
     * Sets the superuser's password of a stopped instance without logging in (a restored cluster carries another
     * sandbox's password), e.g. in single-user mode.
     *
     * @param instance a stopped instance
     * @param password the new password
     * @throws SandboxRuntimeException when it cannot be set
     */
    default void setSuperuserPassword(SandboxInstance instance, String password) {
        throw new SandboxRuntimeException("the " + name() + " runtime cannot reset passwords offline");
    }
}
