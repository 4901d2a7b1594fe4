package io.taidon.vcssync.credential;

import java.util.Arrays;

/**
 * A decrypted credential, held in memory only for one Git operation; {@link #close()} overwrites the secret.
 *
 * @param username the user name to send
 * @param secret the token's characters
 */
public record GitSecret(String username, char[] secret) implements AutoCloseable {

    @Override
    public void close() {
        Arrays.fill(this.secret, '\0');
    }

    @Override
    public String toString() {
        return "GitSecret[username=" + this.username + ", secret=***]";
    }
}
