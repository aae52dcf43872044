package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real CNCF Distribution registry (Debian's {@code docker-registry}) on a free loopback port, plain HTTP, storage in
 * a temporary folder. Optionally it sends notifications to an endpoint with an Authorization header, and extra
 * config (for example an {@code auth:} section) can be appended. Images are pushed through the registry HTTP API.
 */
public final class DistributionRegistry implements AutoCloseable {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    private final int port;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String notifyUrl;
    private String notifyAuthorization;
    private String extraConfig = "";
    private String pushAuthorization;
    private Process process;
    private final Map<String, String> revisions = new ConcurrentHashMap<>();

    public DistributionRegistry() {
        this(FreePorts.next());
    }

    /** A registry that will listen on {@code port} (chosen in advance, for configuration that must name it). */
    public DistributionRegistry(int port) {
        this.port = port;
        try {
            dir = Files.createTempDirectory("berth-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends notifications of every push and pull to {@code url} with this {@code Authorization} header value. */
    public DistributionRegistry notifying(String url, String authorization) {
        this.notifyUrl = url;
        this.notifyAuthorization = authorization;
        return this;
    }

    /** Appends YAML (top-level sections such as {@code auth:}) to the generated config. */
    public DistributionRegistry withConfig(String yaml) {
        this.extraConfig = yaml;
        return this;
    }

    /** The Authorization header value this helper sends when pushing (for an authenticated registry). */
    public DistributionRegistry pushingAs(String authorization) {
        this.pushAuthorization = authorization;
        return this;
    }

    public DistributionRegistry start() {
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                .append("  secret: ").append(UUID.randomUUID()).append('\n');
        if (notifyUrl != null) {
            config.append("notifications:\n  endpoints:\n    - name: berth\n      url: ").append(notifyUrl).append('\n')
                    .append("      headers:\n        Authorization: [\"").append(notifyAuthorization).append("\"]\n")
                    .append("      timeout: 2s\n      threshold: 3\n      backoff: 200ms\n");
        }
        config.append(extraConfig);
        try {
            Path file = dir.resolve("config.yml");
            Files.writeString(file, config.toString());
            process = new ProcessBuilder("/usr/bin/docker-registry", "serve", file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start docker-registry (install it: apt-get install docker-registry)", e);
        }
        Poll.until(Duration.ofSeconds(20), "docker-registry on port " + port, () -> {
            HttpResponse<Void> r = send(HttpRequest.newBuilder(URI.create(url() + "/v2/")).GET(), false);
            return r.statusCode() == 200 || r.statusCode() == 401;
        });
        return this;
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:port}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The registry process's id, to read its CPU time in benchmarks. */
    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return dir.resolve("registry.log");
    }

    /** Uploads a blob and returns its digest. */
    public String pushBlob(String name, byte[] content) {
        String digest = sha256(content);
        HttpResponse<Void> start = send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + name + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), true);
        expect(start, 202, "start upload");
        String location = start.headers().firstValue("Location").orElseThrow();
        URI put = URI.create(location.startsWith("http") ? location : url() + location);
        String sep = put.toString().contains("?") ? "&" : "?";
        HttpResponse<Void> done = send(HttpRequest.newBuilder(URI.create(put + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), true);
        expect(done, 201, "finish upload");
        return digest;
    }

    /** Pushes a manifest under {@code reference} (a tag or a digest) and returns the manifest digest. */
    public String pushManifest(String name, String reference, String mediaType, byte[] manifest) {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + name + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), true);
        expect(r, 201, "push manifest " + name + ":" + reference);
        return sha256(manifest);
    }

    /** Tags the manifest {@code name:from} also as {@code name:to} (GET its bytes, PUT them under the new tag). */
    public void retag(String name, String from, String to) {
        try {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(url() + "/v2/" + name + "/manifests/" + from))
                    .header("Accept", OCI_MANIFEST).GET().timeout(Duration.ofSeconds(10));
            if (pushAuthorization != null) {
                get.header("Authorization", pushAuthorization);
            }
            HttpResponse<byte[]> manifest = http.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
            expect(manifest, 200, "read manifest " + name + ":" + from);
            pushManifest(name, to, OCI_MANIFEST, manifest.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Pushes a small single-platform OCI image (config + one layer) tagged {@code tag}; returns its digest. */
    public String pushImage(String name, String tag) {
        return pushImage(name, tag, "amd64");
    }

    public String pushImage(String name, String tag, String arch) {
        byte[] manifest = imageManifest(name, arch, tag);
        return tag == null ? pushManifest(name, sha256(manifest), OCI_MANIFEST, manifest)
                : pushManifest(name, tag, OCI_MANIFEST, manifest);
    }

    /**
     * Pushes a single-platform (amd64) OCI image whose config carries {@code revision} as its
     * {@code org.opencontainers.image.revision} label, or no label at all when {@code revision} is null.
     */
    public String pushImageWithRevision(String name, String tag, String revision) {
        byte[] manifest = imageManifest(name, "amd64", tag, revision);
        return pushManifest(name, tag, OCI_MANIFEST, manifest);
    }

    /** Pushes a multi-arch OCI index over one image per architecture, tagged {@code tag}; returns the index digest. */
    public String pushIndex(String name, String tag, String... archs) {
        List<String> entries = new ArrayList<>();
        for (String arch : archs) {
            byte[] manifest = imageManifest(name, arch, tag);
            String digest = pushManifest(name, sha256(manifest), OCI_MANIFEST, manifest);
            entries.add("{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":"
                    + manifest.length + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}");
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + String.join(",", entries) + "]}").getBytes(StandardCharsets.UTF_8);
        return pushManifest(name, tag, OCI_INDEX, index);
    }

    /**
     * The {@code org.opencontainers.image.revision} label of the image last pushed as {@code name:tag} for
     * {@code arch} (for an index: of its entry for that architecture).
     */
    public String revision(String name, String tag, String arch) {
        return revisions.get(name + ":" + tag + ":" + arch);
    }

    private byte[] imageManifest(String name, String arch, String tag) {
        return imageManifest(name, arch, tag, UUID.randomUUID().toString());
    }

    private byte[] imageManifest(String name, String arch, String tag, String revision) {
        if (revision != null) {
            revisions.put(name + ":" + tag + ":" + arch, revision);
        }
        String labels = revision == null ? "{}"
                : "{\"Labels\":{\"org.opencontainers.image.revision\":\"" + revision + "\"}}";
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":" + labels
                + ",\"rootfs\":{\"type\":"
                + "\"layers\",\"diff_ids\":[]},\"berth-test\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = (arch + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String configDigest = pushBlob(name, config);
        String layerDigest = pushBlob(name, layer);
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":"
                + "[{\"mediaType\":\"" + OCI_LAYER + "\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<Void> send(HttpRequest.Builder request, boolean authenticated) {
        if (authenticated && pushAuthorization != null) {
            request.header("Authorization", pushAuthorization);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<?> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": registry answered " + r.statusCode());
        }
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
