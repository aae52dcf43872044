package dev.berth.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference, normalized: registry host (with port) and repository path, with an optional tag and
 * digest. Docker Hub's rules apply: {@code nginx} is {@code docker.io/library/nginx}, and {@code index.docker.io},
 * {@code registry-1.docker.io} and {@code registry.hub.docker.com} are all {@code docker.io}.
 */
public record ImageRef(String registry, String path, Tag tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern HOST = Pattern.compile(
            "(localhost|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");
    private static final int MAX_LENGTH = 255;

    public ImageRef {
        if (registry == null || !HOST.matcher(registry).matches()) {
            throw new IllegalArgumentException("invalid registry host '" + Printable.clip(registry) + "'");
        }
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("invalid repository path '" + Printable.clip(path) + "'");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid repository path '" + Printable.clip(path)
                        + "': component '" + Printable.clip(component) + "' is not [a-z0-9] separated by . _ __ or -");
            }
        }
    }

    /** Parses {@code [registry/]path[:tag][@sha256:...]} and normalizes it. */
    public static ImageRef parse(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 512) {
            throw new IllegalArgumentException("invalid image reference '" + Printable.clip(reference) + "'");
        }
        String rest = reference.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = new Digest(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Tag tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = new Tag(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String path = rest;
        int first = rest.indexOf('/');
        if (first > 0) {
            String head = rest.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost") || head.startsWith("[")) {
                registry = head.toLowerCase(java.util.Locale.ROOT);
                path = rest.substring(first + 1);
            }
        }
        return of(registry, path).withTag(tag).withDigest(digest);
    }

    /** Builds a normalized repository reference from a registry host and a path. */
    public static ImageRef of(String registry, String path) {
        String host = registry == null ? DOCKER_HUB : registry.toLowerCase(java.util.Locale.ROOT);
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")
                || host.equals("registry.hub.docker.com") || host.isEmpty()) {
            host = DOCKER_HUB;
        }
        String p = path;
        if (host.equals(DOCKER_HUB) && p != null && !p.contains("/")) {
            p = "library/" + p;
        }
        return new ImageRef(host, p, null, null);
    }

    public static Optional<ImageRef> tryParse(String reference) {
        try {
            return Optional.of(parse(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public ImageRef withTag(Tag newTag) {
        return new ImageRef(registry, path, newTag, digest);
    }

    public ImageRef withDigest(Digest newDigest) {
        return new ImageRef(registry, path, tag, newDigest);
    }

    /** {@code registry/path}, the key berth tracks pushes by. */
    public String repository() {
        return registry + "/" + path;
    }

    /** The host that serves the registry API: Docker Hub's API lives at {@code registry-1.docker.io}. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** {@code registry/path@sha256:...} when a digest is known, else with the tag. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(repository());
        if (tag != null) {
            out.append(':').append(tag);
        }
        if (digest != null) {
            out.append('@').append(digest);
        }
        return out.toString();
    }
}
