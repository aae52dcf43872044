package dev.berth.registry;

import dev.berth.domain.Digest;
import java.util.Objects;

/**
 * What a tag points at: the manifest digest and its media type (for example
 * {@code application/vnd.oci.image.index.v1+json} for a multi-arch image; empty when the registry did not say).
 */
public record Resolved(Digest digest, String mediaType) {

    public Resolved {
        Objects.requireNonNull(digest, "digest");
        mediaType = mediaType == null ? "" : mediaType;
    }

    /** True when the digest names an index (multi-arch), whose entries are the per-platform manifests. */
    public boolean isIndex() {
        return ManifestTypes.isIndex(mediaType);
    }
}
