package dev.berth.registry;

import java.util.List;
import java.util.Locale;

/** The manifest media types berth asks for and understands. */
final class ManifestTypes {

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /**
     * Every type, in one Accept header: the Distribution registry answers 400 or 404 for a manifest whose type the
     * client did not accept, and converts nothing, so a missing type looks like a missing tag.
     */
    static final List<String> ACCEPT = List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);

    static final String ACCEPT_HEADER = String.join(", ", ACCEPT);

    private ManifestTypes() {
    }

    static boolean isIndex(String mediaType) {
        String type = base(mediaType);
        return type.equals(OCI_INDEX) || type.equals(DOCKER_LIST);
    }

    /** The media type without parameters ({@code ; charset=...}), lowercased. */
    static String base(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
