package dev.berth.gitops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The review gate of the state repository: which commits berth applies. A commit that does not pass is not applied
 * (the last applied one keeps running) and a {@code config.unreviewed} notification says why.
 */
@ConfigMapping(prefix = "berth.state.review")
public interface ReviewConfig {

    /**
     * {@code none}: apply every commit; {@code marker}: apply only what the marker file (set by a reviewer-signed
     * commit) or an admin through the API names as reviewed;
     * {@code signed}: apply only trees whose newest commit by a person is SSH-signed by an allowed signer.
     */
    @WithDefault("none")
    ReviewMode mode();

    /** Marker mode: repository path of the file holding the full id of the last reviewed commit. */
    @WithDefault("LAST_REVIEWED_SHA")
    String markerFile();

    /**
     * OpenSSH allowed signers file ({@code ssh-keygen(1)} ALLOWED SIGNERS, as git's
     * {@code gpg.ssh.allowedSignersFile}) listing the reviewers' keys: their signatures count as review (signed mode),
     * move the marker (marker mode) and carry a {@code Berth-Override:} of a pin. Required in marker and signed mode.
     */
    Optional<Path> allowedSigners();
}
