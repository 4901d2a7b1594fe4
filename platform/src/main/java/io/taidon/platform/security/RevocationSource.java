package io.taidon.platform.security;

/**
 * Where a service reads the current {@link RevocationSet}: idp-adapter's {@code GET /internal/revocations} for every
 * service ({@link RemoteRevocationSource}), its own database for idp-adapter.
 */
@FunctionalInterface
public interface RevocationSource {

    /**
     * @return every revocation whose tokens may still be unexpired
     * @throws RuntimeException when the source cannot be read; the last set read stays in force
     */
    RevocationSet load();
}
