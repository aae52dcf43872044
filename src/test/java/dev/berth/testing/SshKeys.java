package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** SSH key files for tests, made with the real {@code ssh-keygen}. */
public final class SshKeys {

    private SshKeys() {
    }

    /** Runs {@code ssh-keygen -q -N "" -C berth-test -f file} with extra options, e.g. {@code "-t", "ed25519"}. */
    public static Path generate(Path file, String... options) {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-C", "berth-test", "-f", file.toString()));
        if (!List.of(options).contains("-N")) {
            command.addAll(List.of("-N", ""));
        }
        command.addAll(List.of(options));
        run(command);
        return file;
    }

    /** The {@code type base64} public key line of a private key file (read from the {@code .pub} beside it). */
    public static String publicKey(Path privateKey) {
        try {
            String[] fields = Files.readString(Path.of(privateKey + ".pub")).trim().split("\\s+");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code SHA256:...} fingerprint of a {@code type base64} public key line. */
    public static String fingerprint(String publicKeyLine) {
        byte[] blob = Base64.getDecoder().decode(publicKeyLine.split("\\s+")[1]);
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command, fails with its output when it fails, returns its stdout (stderr only goes into the failure). */
    public static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output + errors);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
