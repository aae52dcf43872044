package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Docker credential helper ({@code docker-credential-ecr-login}, {@code docker-credential-gcr}, ...) run with the
 * helper protocol: {@code <program> get}, the server URL on stdin, {@code {"Username":…,"Secret":…}} on stdout. The
 * secret is never logged and never put in a message: only the program, the host, the exit status and the first line
 * of the helper's stderr are.
 */
final class CredentialHelper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/+-]{1,200}");
    /** A helper that asks a cloud API answers in seconds; one that hangs must not hold a poll lane forever. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_OUTPUT = 64 * 1024;

    /** What the helper printed: the account, and when the secret expires if the secret itself says so (a JWT). */
    record Answer(Credentials credentials, Optional<Instant> expires) {
        @Override
        public String toString() {
            return "Answer[" + credentials + ", expires=" + expires + "]";
        }
    }

    private final String program;

    CredentialHelper(String configured) {
        if (configured == null || !NAME.matcher(configured).matches() || configured.contains("..")) {
            throw new IllegalArgumentException("berth.registry.credential-helpers: '" + configured
                    + "' is not a helper name (ecr-login, docker-credential-gcr or an absolute path)");
        }
        this.program = configured.contains("/") || configured.startsWith("docker-credential-") ? configured
                : "docker-credential-" + configured;
    }

    String program() {
        return program;
    }

    /** Runs {@code program get} for {@code serverUrl}; any failure is a {@link RegistryAuthFailed} naming the helper. */
    Answer get(RegistryRequest request, String serverUrl) {
        Process process;
        try {
            process = new ProcessBuilder(List.of(program, "get")).start();
        } catch (IOException e) {
            throw request.authFailed(where(serverUrl) + " could not be started (" + e.getMessage()
                    + "); install it on berth's PATH or configure its absolute path");
        }
        try {
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the helper may exit without reading stdin; its exit status says what happened
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw request.authFailed(where(serverUrl) + " did not answer within " + TIMEOUT.toSeconds() + " s");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                throw request.authFailed(where(serverUrl) + " failed with exit status " + exit
                        + firstLine(stderr.join()));
            }
            return parse(request, serverUrl, stdout.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw request.unavailable("interrupted while running credential helper " + program, null, e);
        } finally {
            process.destroyForcibly();
        }
    }

    private Answer parse(RegistryRequest request, String serverUrl, byte[] stdout) {
        JsonNode body;
        try {
            body = JSON.readTree(stdout);
        } catch (IOException e) {
            body = null;
        }
        String username = body == null ? "" : body.path("Username").asText("");
        String secret = body == null ? "" : body.path("Secret").asText("");
        if (username.isEmpty() || secret.isEmpty()) {
            throw request.authFailed(where(serverUrl) + " did not print JSON with a Username and a Secret");
        }
        if (username.equals("<token>")) {
            throw request.authFailed(where(serverUrl) + " answered an identity token (Username \"<token>\"),"
                    + " which berth does not exchange; configure a helper that prints a username and password");
        }
        try {
            return new Answer(new Credentials(username, secret), jwtExpiry(secret));
        } catch (IllegalArgumentException e) {
            throw request.authFailed(where(serverUrl) + " printed an unusable username (it must not contain ':')");
        }
    }

    /** The {@code exp} claim when the secret is a JWT (GitLab and GHCR tokens, many cloud tokens), else empty. */
    static Optional<Instant> jwtExpiry(String secret) {
        String[] parts = secret.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.path("exp");
            return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String where(String serverUrl) {
        return "credential helper " + program + " for " + serverUrl;
    }

    private static String firstLine(byte[] stderr) {
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        String line = text.lines().findFirst().orElse("");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    private static byte[] read(InputStream stream) {
        try (stream) {
            return stream.readNBytes(MAX_OUTPUT);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
