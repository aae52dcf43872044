package dev.berth.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Verifies SSH commit signatures in the JVM (JGit's {@code org.eclipse.jgit.ssh.apache} verifier) against an OpenSSH
 * allowed signers file, as {@code git verify-commit} does with {@code gpg.format=ssh} and
 * {@code gpg.ssh.allowedSignersFile}. The repository's own git config plays no part.
 */
final class CommitSignatures {

    private final Path allowedSigners;
    private final GpgConfig config;

    CommitSignatures(Path allowedSigners) {
        if (!Files.isReadable(allowedSigners)) {
            throw new IllegalStateException("berth.state.review.allowed-signers: cannot read " + allowedSigners
                    + " (an OpenSSH allowed signers file: '<principal> <key type> <base64 key>' per line)");
        }
        this.allowedSigners = allowedSigners.toAbsolutePath();
        Config c = new Config();
        c.setString("gpg", null, "format", "ssh");
        c.setString("gpg", "ssh", "allowedSignersFile", this.allowedSigners.toString());
        this.config = new GpgConfig(c);
    }

    /** Empty when the commit carries a valid SSH signature by an allowed signer, else why not. */
    Optional<String> problem(Repository repo, RevCommit commit) {
        if (commit.getRawGpgSignature() == null) {
            return Optional.of("it is not signed");
        }
        SignatureVerifier.SignatureVerification v;
        try {
            v = SignatureVerifiers.verify(repo, config, commit);
        } catch (IOException | RuntimeException e) {
            return Optional.of("its signature cannot be verified (" + e.getMessage()
                    + "); only SSH signatures are accepted");
        }
        if (v == null) {
            return Optional.of("its signature cannot be verified; only SSH signatures are accepted");
        }
        if (!"ssh".equals(v.verifierName())) {
            return Optional.of("it carries a " + v.verifierName() + " signature; only SSH signatures are accepted");
        }
        if (!v.verified() || v.trustLevel() != SignatureVerifier.TrustLevel.FULL) {
            return Optional.of("its signature by key " + v.keyFingerprint() + " is not accepted ("
                    + (v.message() == null ? "not verified" : v.message()) + "; allowed signers: "
                    + allowedSigners.getFileName() + ")");
        }
        return Optional.empty();
    }
}
