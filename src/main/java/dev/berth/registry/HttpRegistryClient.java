package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The real registry client over the OCI distribution API.
 *
 * <p>Resolving asks with {@code HEAD}, which Docker Hub does not count against its pull limits, and takes the
 * {@code Docker-Content-Digest} header. Without a valid sha256 header it reads the manifest with {@code GET} and
 * hashes the exact bytes. Bytes read with {@code GET} are always checked against the digest they were served under.
 *
 * <p>A multi-arch tag points at an index, so resolving it gives the index digest. GHCR sends one
 * {@code registry_package} event per platform manifest plus one for the index; since berth resolves the tag, all of
 * them end as the same index digest, and the deployment pins the index (each host pulls its own platform).
 */
public final class HttpRegistryClient implements RegistryClient {

    private final RegistryHttp http;

    public HttpRegistryClient(RegistrySettings settings, Clock clock) {
        this(new RegistryHttp(settings, clock, duration -> Thread.sleep(duration.toMillis())));
    }

    HttpRegistryClient(RegistryHttp http) {
        this.http = http;
    }

    @Override
    public Resolved resolve(ImageRef repository, Tag tag) {
        RegistryRequest head = RegistryRequest.manifest("HEAD", repository, tag.value());
        RegistryHttp.Response response = http.send(head);
        if (response.status() == 405 || response.status() == 501) {
            Fetched fetched = fetch(RegistryRequest.manifest("GET", repository, tag.value()), Optional.empty());
            return new Resolved(fetched.digest(), fetched.mediaType());
        }
        check(head, response);
        Optional<Digest> digest = response.header("Docker-Content-Digest").flatMap(Digest::parse);
        String mediaType = ManifestTypes.base(response.header("Content-Type").orElse(""));
        if (digest.isPresent()) {
            return new Resolved(digest.get(), mediaType);
        }
        Fetched fetched = fetch(RegistryRequest.manifest("GET", repository, tag.value()), Optional.empty());
        return new Resolved(fetched.digest(), fetched.mediaType());
    }

    @Override
    public Map<String, String> labels(ImageRef repository, Digest digest) {
        Fetched manifest = fetch(RegistryRequest.manifest("GET", repository, digest.value()), Optional.of(digest));
        if (Manifests.isIndex(manifest.mediaType(), manifest.json())) {
            Digest entry = Manifests.platformEntry(manifest.json()).orElseThrow(() -> new RegistryProtocolError(
                    repository.registry(), repository.path(), digest.value(), "the index lists no image manifest"));
            manifest = fetch(RegistryRequest.manifest("GET", repository, entry.value()), Optional.of(entry));
        }
        String reference = manifest.digest().value();
        Digest configDigest = Manifests.configDigest(manifest.json()).orElseThrow(() -> new RegistryProtocolError(
                repository.registry(), repository.path(), reference, "the manifest names no config blob"));
        RegistryRequest blob = RegistryRequest.blob(repository, configDigest.value());
        RegistryHttp.Response response = http.send(blob);
        check(blob, response);
        if (!Manifests.sha256(response.body()).equals(configDigest)) {
            throw blob.protocolError("the config blob's bytes do not hash to " + configDigest);
        }
        JsonNode config = Manifests.parse(response.body()).orElseThrow(() ->
                blob.protocolError("the image config is not a JSON object"));
        return Manifests.labels(config);
    }

    /** A manifest read with GET: its bytes' digest, media type and JSON. */
    private record Fetched(Digest digest, String mediaType, JsonNode json) {
    }

    private Fetched fetch(RegistryRequest get, Optional<Digest> expected) {
        RegistryHttp.Response response = http.send(get);
        check(get, response);
        Digest actual = Manifests.sha256(response.body());
        Optional<Digest> served = response.header("Docker-Content-Digest").flatMap(Digest::parse);
        if (served.isPresent() && !served.get().equals(actual)) {
            throw get.protocolError("the manifest bytes hash to " + actual + " but the registry says " + served.get());
        }
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw get.protocolError("the manifest bytes hash to " + actual + ", not to the digest asked for");
        }
        JsonNode json = Manifests.parse(response.body()).orElseThrow(() ->
                get.protocolError("the manifest is not a JSON object"));
        String mediaType = ManifestTypes.base(response.header("Content-Type").orElse(""));
        if (mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.equals("application/octet-stream")) {
            mediaType = Manifests.mediaType(json);
        }
        return new Fetched(actual, mediaType, json);
    }

    /** Turns a final status other than 200 into the typed exception. */
    private static void check(RegistryRequest request, RegistryHttp.Response response) {
        int status = response.status();
        if (status == 200) {
            return;
        }
        if (status == 404) {
            throw request.notFound(ErrorBody.code(response.body()));
        }
        throw request.protocolError("unexpected HTTP " + status + ErrorBody.detail(response.body()));
    }
}
