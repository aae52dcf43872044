package dev.berth.promote;

import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.verify.CheckResult;
import java.time.Duration;
import java.time.Instant;

/**
 * A digest verified in an environment that must stay healthy there until {@code until} before it is promoted to the
 * next environment. Every guard check round of the environment in between must pass: a failing round cancels the
 * soak; a checker error cancels it only when checker errors count as failures. The first passing round at or after
 * {@code until} (with at least one pass in all) completes it. Immutable; {@link #record} returns the next state.
 *
 * @param deployment the verified deployment whose digest soaks
 * @param passes     guard rounds passed so far
 */
public record Soak(DeploymentId deployment, Digest digest, String tag, Instant startedAt, Instant until,
        int passes) {

    public Soak {
        if (deployment == null || digest == null || startedAt == null || until == null || passes < 0) {
            throw new IllegalArgumentException("a soak needs a deployment, a digest, its times and passes >= 0");
        }
    }

    /** What a guard round means for the soak. */
    public enum Decision {
        /** Keep soaking. */
        WAIT,
        /** The environment failed a check while soaking: the digest is not promoted. */
        CANCEL,
        /** The soak is over with only passes: promote. */
        PROMOTE
    }

    /** A round's outcome: the next state and what to do now. */
    public record Step(Soak next, Decision decision) {
    }

    /** A soak of {@code length} starting {@code now}. */
    public static Soak start(DeploymentId deployment, Digest digest, String tag, Instant now, Duration length) {
        return new Soak(deployment, digest, tag, now, now.plus(length), 0);
    }

    /** Records one guard round that ran at {@code at}. */
    public Step record(CheckResult result, Instant at, boolean checkerErrorsFail) {
        switch (result.verdict()) {
            case FAIL:
                return new Step(this, Decision.CANCEL);
            case CHECKER_ERROR:
                return new Step(this, checkerErrorsFail ? Decision.CANCEL : Decision.WAIT);
            default:
                Soak next = new Soak(deployment, digest, tag, startedAt, until, passes + 1);
                return new Step(next, at.isBefore(until) ? Decision.WAIT : Decision.PROMOTE);
        }
    }

    /** Time left at {@code now} (zero once over). */
    public Duration remaining(Instant now) {
        return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
    }
}
