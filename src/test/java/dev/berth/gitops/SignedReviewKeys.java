package dev.berth.gitops;

import dev.berth.testing.SshKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Alice's (allowed) and Mallory's (not allowed) RSA keys from ssh-keygen (ed25519: see ReviewGateTest), berth's
 * allowed signers file and berth's own signing key ({@code berth.state.signing-key}). The review mode is the profile's.
 */
public class SignedReviewKeys implements QuarkusTestResourceLifecycleManager {

    static Path dir;
    static Path alice;
    static Path mallory;
    static Path berth;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("berth-review-keys");
            alice = SshKeys.generate(dir.resolve("alice"), "-t", "rsa", "-b", "3072");
            mallory = SshKeys.generate(dir.resolve("mallory"), "-t", "rsa", "-b", "3072");
            Path allowed = Files.writeString(dir.resolve("allowed_signers"),
                    "alice@example.com " + SshKeys.publicKey(alice) + "\n");
            // RSA like the others: an ed25519 key signs and verifies inside one Quarkus application, but after an
            // earlier @QuarkusTest in the same JVM the EdDSA provider that application registered JVM-wide rejects
            // this one's key classes (see ReviewGateTest).
            berth = SshKeys.generate(dir.resolve("berth"), "-t", "rsa", "-b", "3072");
            return Map.of("berth.state.review.allowed-signers", allowed.toString(),
                    "berth.state.signing-key", berth.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
