package dev.berth.gitops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The Git state repository: where berth reads desired state and writes the pins it decides. */
@ConfigMapping(prefix = "berth.state")
public interface StateConfig {

    /** Git URL (https, ssh, file) or local path of the state repository. Unset: no write-back. */
    Optional<String> repo();

    /** Branch berth reads and commits to. */
    @WithDefault("main")
    String branch();

    /** Local clone, inside berth's data folder. */
    @WithDefault(".berth/state")
    Path dir();

    /** Author and committer name of berth's commits. */
    @WithDefault("berth")
    String authorName();

    /** Author and committer e-mail of berth's commits. */
    @WithDefault("berth@localhost")
    String authorEmail();

    /**
     * berth's commit signing key: an unencrypted OpenSSH private key file (its public key beside it as
     * {@code <file>.pub}). berth signs its own commits with it and recognises its own pin commits only by that
     * signature. Required with a review gate ({@code berth.state.review.mode} marker or signed); unset: berth's
     * commits are unsigned and no commit is treated as berth's own.
     */
    Optional<Path> signingKey();

    /**
     * Longest wait between two attempts of the Git write-back outbox to commit and push a pending write while the
     * remote is unreachable (the wait starts at 250 ms and doubles).
     */
    @WithDefault("30s")
    Duration outboxMaxBackoff();

    /**
     * How often commits of the local clone that are not pushed yet are pushed again. Read by the scheduler as
     * {@code berth.state.push-retry}; declared here so that setting it passes config validation.
     */
    @WithDefault("30s")
    Duration pushRetry();

    /** Attempts to push one commit when the remote moved in between (fetch and replay, then push again). */
    @WithDefault("5")
    int pushAttempts();

    /**
     * How often berth pulls the state repository when no push event arrived (the fallback for a missed or
     * unconfigured webhook). Read by the scheduler as {@code berth.state.poll-interval}.
     */
    @WithDefault("1m")
    Duration pollInterval();

    /**
     * {@code owner/name} of the state repository on GitHub, whose push events trigger a pull. Unset: derived from
     * the last two path segments of {@link #repo()} ({@code https://github.com/acme/state.git} gives
     * {@code acme/state}).
     */
    Optional<String> githubRepository();

    /** Token for an https remote (sent as the password of user {@code x-access-token}, as GitHub expects). */
    Optional<String> token();

    /**
     * Drift detection: compare what each host runs (agent {@code status}) with the newest succeeded deployment of
     * every environment. Off: no host is probed for drift.
     */
    @WithDefault("true")
    boolean driftEnabled();

    /** How often each environment is checked for drift (one replica per interval); {@code 0s} turns it off. */
    @WithDefault("1m")
    Duration driftInterval();

    /** How often the drift scheduler looks for environments whose interval is due. */
    @WithDefault("1s")
    Duration driftTick();
}
