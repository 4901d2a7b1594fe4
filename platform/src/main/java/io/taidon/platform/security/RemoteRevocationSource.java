package io.taidon.platform.security;

import org.springframework.web.client.RestClient;

/**
 * Reads the revocation set from idp-adapter's {@code GET /internal/revocations} with this service's own token.
 */
public final class RemoteRevocationSource implements RevocationSource {

    private final RestClient client;

    private final String uri;

    /**
     * @param client a client with this service's service token (platform {@code ServiceRestClients})
     * @param uri absolute or client-relative URI of the revocation endpoint
     */
    public RemoteRevocationSource(RestClient client, String uri) {
        this.client = client;
        this.uri = uri;
    }

    @Override
    public RevocationSet load() {
        RevocationSet set = this.client.get().uri(this.uri).retrieve().body(RevocationSet.class);
        return set == null ? RevocationSet.EMPTY : set;
    }
}
