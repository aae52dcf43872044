package dev.berth.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.UnsupportedSigningFormatException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;

/**
 * Signs berth's own commits with an SSH key ({@code berth.state.signing-key}, an unencrypted OpenSSH private key
 * with its public key beside it as {@code <file>.pub}), in the JVM through JGit's SSH signer: the signature
 * {@code git verify-commit} checks with {@code gpg.format=ssh}. The repository's git config plays no part.
 */
final class CommitSigner {

    private final Path privateKey;
    private final String publicKey;
    private final GpgConfig config;
    private final Signer signer;

    /** Fails with a message naming the property when the key or its public half cannot be read. */
    CommitSigner(Path privateKey) {
        Path pub = privateKey.resolveSibling(privateKey.getFileName() + ".pub");
        if (!Files.isReadable(privateKey) || !Files.isReadable(pub)) {
            throw new IllegalStateException("berth.state.signing-key: cannot read " + privateKey + " and " + pub
                    + " (an unencrypted OpenSSH private key and its public key, as ssh-keygen writes them)");
        }
        this.privateKey = privateKey.toAbsolutePath();
        try {
            this.publicKey = Files.readString(pub).strip();
        } catch (IOException e) {
            throw new IllegalStateException("berth.state.signing-key: cannot read " + pub + ": " + e.getMessage(), e);
        }
        Config c = new Config();
        c.setString("gpg", null, "format", "ssh");
        this.config = new GpgConfig(c);
        this.signer = Signers.get(GpgConfig.GpgFormat.SSH);
        if (signer == null) {
            throw new IllegalStateException("berth.state.signing-key: no SSH signer on the class path "
                    + "(org.eclipse.jgit.ssh.apache)");
        }
    }

    /** berth's public key, one line {@code <type> <base64> [comment]}: what an allowed signers line names. */
    String publicKey() {
        return publicKey;
    }

    /** Signs {@code commit} (its tree, parents, identities and message are set) as {@code committer}. */
    void sign(Repository repo, CommitBuilder commit, PersonIdent committer) throws IOException {
        try {
            signer.signObject(repo, config, commit, committer, privateKey.toString(), null);
        } catch (CanceledException | UnsupportedSigningFormatException e) {
            throw new IOException("cannot sign with berth.state.signing-key " + privateKey + ": " + e.getMessage(), e);
        }
    }
}
