package dev.berth.registry;

import dev.berth.domain.ImageRef;

/**
 * One registry API request and what it is about, so that every error can name the registry, repository and reference.
 *
 * @param path     the API path, e.g. {@code /v2/acme/web/manifests/1.0}
 * @param accept   the Accept header, or null
 * @param maxBytes the largest body berth reads (a manifest or config larger than this is refused)
 * @param ifNoneMatch an entity tag from an earlier answer, for a conditional request (304 when unchanged), or null
 */
record RegistryRequest(ImageRef repository, String reference, String method, String path, String accept, long maxBytes,
        String ifNoneMatch) {

    /** Distribution refuses manifests above 4 MiB; configs are small JSON. */
    static final long MAX_MANIFEST = 4L << 20;
    static final long MAX_CONFIG = 8L << 20;
    /** A page of a tag listing: 1,000 tags of 128 characters fit many times over. */
    static final long MAX_TAG_PAGE = 4L << 20;

    RegistryRequest(ImageRef repository, String reference, String method, String path, String accept, long maxBytes) {
        this(repository, reference, method, path, accept, maxBytes, null);
    }

    /** A page of {@code GET /v2/<name>/tags/list}; {@code pathAndQuery} is the first page's or a Link's target. */
    static RegistryRequest tags(ImageRef repository, String pathAndQuery) {
        return new RegistryRequest(repository, "tags/list", "GET", pathAndQuery, "application/json", MAX_TAG_PAGE);
    }

    RegistryRequest ifNoneMatch(String etag) {
        return new RegistryRequest(repository, reference, method, path, accept, maxBytes, etag);
    }

    static RegistryRequest manifest(String method, ImageRef repository, String reference) {
        return new RegistryRequest(repository, reference, method, "/v2/" + repository.path() + "/manifests/" + reference,
                ManifestTypes.ACCEPT_HEADER, MAX_MANIFEST);
    }

    static RegistryRequest blob(ImageRef repository, String digest) {
        return new RegistryRequest(repository, digest, "GET", "/v2/" + repository.path() + "/blobs/" + digest, null,
                MAX_CONFIG);
    }

    String registry() {
        return repository.registry();
    }

    String repoPath() {
        return repository.path();
    }

    RegistryAuthFailed authFailed(String detail) {
        return new RegistryAuthFailed(registry(), repoPath(), reference, detail);
    }

    RegistryUnavailable unavailable(String detail, java.time.Duration retryAfter, Throwable cause) {
        return new RegistryUnavailable(registry(), repoPath(), reference, detail, retryAfter, cause);
    }

    RegistryProtocolError protocolError(String detail) {
        return new RegistryProtocolError(registry(), repoPath(), reference, detail);
    }

    DigestNotFound notFound(String detail) {
        return new DigestNotFound(registry(), repoPath(), reference, detail);
    }
}
