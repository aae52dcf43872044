package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tiny image built with {@code podman import} from a rootfs holding only the static busybox (package
 * busybox-static) and some files: its command is {@code busybox httpd -f -p <port> -h /www}. It stops on SIGKILL
 * (httpd as PID 1 ignores SIGTERM), so tearing it down takes no grace period.
 */
public final class BusyboxImage {

    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private final Map<String, String> files = new LinkedHashMap<>();
    private int port = 8080;

    private BusyboxImage() {
    }

    /** An httpd image serving {@code /www}. */
    public static BusyboxImage httpd() {
        return new BusyboxImage();
    }

    /** Adds a file at an absolute path in the image, e.g. {@code file("/www/health", "ok\n")}. */
    public BusyboxImage file(String absolutePath, String content) {
        if (!absolutePath.startsWith("/") || absolutePath.contains("..")) {
            throw new IllegalArgumentException("image file path must be absolute without '..': " + absolutePath);
        }
        files.put(absolutePath, content);
        return this;
    }

    /** The port httpd listens on inside the container (default 8080). */
    public BusyboxImage port(int containerPort) {
        this.port = containerPort;
        return this;
    }

    /**
     * Imports the image as {@code reference} (e.g. {@code localhost/berth-test/web:1}) and returns the pinned
     * reference {@code localhost/berth-test/web@sha256:...}, which podman resolves from local storage.
     */
    public String build(Podman podman, String reference) {
        Path work = null;
        try {
            work = Files.createTempDirectory("berth-image-");
            Path rootfs = Files.createDirectories(work.resolve("rootfs"));
            Files.createDirectories(rootfs.resolve("www"));
            Files.createDirectories(rootfs.resolve("bin"));
            Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = rootfs.resolve(file.getKey().substring(1));
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            Path tar = work.resolve("rootfs.tar");
            Process process = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                    .redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("tar failed: " + new String(process.getInputStream().readAllBytes()));
            }
            podman.podman("import",
                    "--change", "CMD [\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"" + port + "\",\"-h\",\"/www\"]",
                    "--change", "STOPSIGNAL=SIGKILL", tar.toString(), reference);
            String repository = reference.substring(0, reference.lastIndexOf(':') > reference.lastIndexOf('/')
                    ? reference.lastIndexOf(':') : reference.length());
            return repository + "@" + podman.digest(reference);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (work != null) {
                try (var paths = Files.walk(work)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort: a temporary folder
                }
            }
        }
    }
}
