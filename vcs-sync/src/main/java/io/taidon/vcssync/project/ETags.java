package io.taidon.vcssync.project;

import org.jspecify.annotations.Nullable;

/**
 * Strong entity tags of files (RFC 9110 §8.8.3): {@code "<hex SHA-256 of the content>"}, and the
 * {@code If-Match}/{@code If-None-Match} comparison (§13.1.1, strong comparison; a weak tag never matches).
 */
final class ETags {

    private ETags() {
    }

    static String of(String sha256) {
        return "\"" + sha256 + "\"";
    }

    /**
     * @param header an {@code If-Match} or {@code If-None-Match} value: {@code *} or a list of entity tags
     * @param sha256 the file's current content hash, or null when the file does not exist
     * @return whether the header matches the file ({@code *} matches any existing file)
     */
    static boolean matches(String header, @Nullable String sha256) {
        if (sha256 == null) {
            return false;
        }
        for (String tag : header.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(of(sha256))) {
                return true;
            }
        }
        return false;
    }
}
