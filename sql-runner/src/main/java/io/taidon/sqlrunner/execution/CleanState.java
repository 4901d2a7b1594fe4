package io.taidon.sqlrunner.execution;

import java.util.Map;

/**
 * What must not change for a kept session to stand for a fresh session at the same database state (see
 * {@link LearnerSession#cleanState()}).
 *
 * @param settings settings changed in the session ({@code pg_settings} where {@code source = 'session'}), name to
 *        value
 * @param restorable false while the session holds temp objects, cursors, prepared statements, advisory locks or
 *        {@code LISTEN} registrations
 * @param sequences the on-disk state of the readable sequences, as {@code oid:last_value} pairs in oid order
 */
public record CleanState(Map<String, String> settings, boolean restorable, String sequences) {
}
