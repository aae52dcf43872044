package dev.berth.promote;

import dev.berth.deploy.Deployment;
import java.util.Optional;

/**
 * What became of a promotion request.
 *
 * @param outcome    queued, waiting (for approval or for CI), or refused
 * @param deployment the queued deployment (only when {@link Outcome#QUEUED})
 * @param reason     why it waits or was refused; what was queued otherwise
 */
public record Promotion(Outcome outcome, Deployment deployment, String reason) {

    /** The four ends of a promotion request. */
    public enum Outcome {
        /** The deploy of the digest into the environment is queued. */
        QUEUED,
        /** The environment requires approval: {@code POST .../approve} releases it. */
        WAITING_APPROVAL,
        /** The environment's CI gate waits for successful workflow runs of the image's commit. */
        WAITING_CI,
        /** The CI gate failed, or the image names no source commit. */
        REFUSED
    }

    public static Promotion queued(Deployment d) {
        return new Promotion(Outcome.QUEUED, d, "queued " + d.id());
    }

    public Optional<Deployment> queued() {
        return Optional.ofNullable(deployment);
    }
}
