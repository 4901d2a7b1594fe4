package io.taidon.platform.erasure;

/**
 * Deletes everything one service holds about a user. Every bean of this type is called by
 * {@code DELETE /internal/users/{userId}}; it must be idempotent (a second call finds nothing and succeeds).
 */
@FunctionalInterface
public interface UserDataEraser {

    /**
     * @param userId the user to erase
     */
    void erase(String userId);
}
