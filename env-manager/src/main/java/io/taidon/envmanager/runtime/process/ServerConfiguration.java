package io.taidon.envmanager.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Taidon's own server configuration for a sandbox cluster, written before every start so that nothing in a data
 * directory (a restored snapshot included) can change server settings, {@code archive_command}, preload libraries
 * or client authentication.
 */
final class ServerConfiguration {

    private ServerConfiguration() {
    }

    static void write(Path pgdata, String host, int port, boolean fsync) throws IOException {
        Files.writeString(pgdata.resolve("postgresql.conf"), """
                # Written by Taidon env-manager before every start; edits are overwritten.
                listen_addresses = '%s'
                port = %d
                unix_socket_directories = ''
                max_connections = 40
                superuser_reserved_connections = 3
                password_encryption = 'scram-sha-256'
                ssl = off
                shared_buffers = 32MB
                max_worker_processes = 4
                max_parallel_workers = 2
                max_parallel_workers_per_gather = 1
                io_method = sync
                wal_level = minimal
                max_wal_senders = 0
                archive_mode = off
                archive_command = ''
                synchronous_commit = off
                fsync = %s
                full_page_writes = %s
                shared_preload_libraries = ''
                session_preload_libraries = ''
                local_preload_libraries = ''
                allow_alter_system = off
                jit = off
                huge_pages = off
                dynamic_shared_memory_type = posix
                logging_collector = off
                log_destination = 'stderr'
                log_min_messages = warning
                lc_messages = 'C'
                timezone = 'UTC'
                log_timezone = 'UTC'
                datestyle = 'iso, mdy'
                default_text_search_config = 'pg_catalog.english'
                """.formatted(host, port, fsync ? "on" : "off", fsync ? "on" : "off"));
        Files.writeString(pgdata.resolve("pg_hba.conf"), """
                # Written by Taidon env-manager: TCP on loopback with SCRAM passwords only, no local sockets.
                host all all 127.0.0.1/32 scram-sha-256
                """);
        Files.writeString(pgdata.resolve("pg_ident.conf"), "# Written by Taidon env-manager: no mappings.\n");
        Files.writeString(pgdata.resolve("postgresql.auto.conf"), "# Written by Taidon env-manager: ALTER SYSTEM is off.\n");
    }
}
