package io.taidon.sqlrunner.execution;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a database snapshot cannot hold about a session, at one point of a script.
 *
 * @param settings settings changed in the session ({@code pg_settings} where {@code source = 'session'}), name to
 *        value in the setting's base unit
 * @param notCacheableBecause why the point cannot be cached (open transaction, temp objects, cursors, prepared
 *        statements, advisory locks, LISTEN, lost session), or null when it can
 */
public record SessionState(Map<String, String> settings, @Nullable String notCacheableBecause) {

    /** @return whether a layer at this point restores the session faithfully */
    public boolean cacheable() {
        return this.notCacheableBecause == null;
    }
}
