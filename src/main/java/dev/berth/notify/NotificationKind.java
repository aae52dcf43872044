package dev.berth.notify;

import java.util.Arrays;

/**
 * What a notification is about: one state change of berth. The wire names are stored in the notifications stream,
 * used in sink filters ({@code berth.notify.sinks.<name>.kinds}) and sent to generic consumers.
 */
public enum NotificationKind {
    /** A deployment of a digest to an environment started. */
    DEPLOY_STARTED("deploy.started", Severity.INFO),
    /** A deployment switched every host to the new release. */
    DEPLOY_SUCCEEDED("deploy.succeeded", Severity.INFO),
    /** A deployment failed; the previous release keeps running. */
    DEPLOY_FAILED("deploy.failed", Severity.CRITICAL),
    /** A waiting or running deployment was replaced by a newer digest (newest wins). */
    DEPLOY_SUPERSEDED("deploy.superseded", Severity.INFO),
    /** The smoke checks passed after a deployment. */
    VERIFICATION_PASSED("verification.passed", Severity.INFO),
    /** The smoke checks failed after a deployment. */
    VERIFICATION_FAILED("verification.failed", Severity.CRITICAL),
    /** A verified digest waits for {@code POST .../approve} before it moves on. */
    PROMOTION_WAITING("promotion.waiting", Severity.WARNING),
    /** A promotion was refused: its CI gate failed, or the image names no source commit. */
    PROMOTION_REFUSED("promotion.refused", Severity.WARNING),
    /** A verified digest was promoted to the next environment. */
    PROMOTION_DONE("promotion.done", Severity.INFO),
    /** An environment was rolled back to its last known-good release (the text carries the incident note). */
    ROLLBACK("rollback", Severity.CRITICAL),
    /** A rollback could not restore every host (or the restored release failed re-verification); berth retries. */
    ROLLBACK_FAILED("rollback.failed", Severity.CRITICAL),
    /** A host runs something berth did not deploy there (another release, image digest, or stopped services). */
    DRIFT_DETECTED("drift.detected", Severity.WARNING),
    /** Every host of an environment that drifted runs what berth deployed again. */
    DRIFT_RESOLVED("drift.resolved", Severity.INFO),
    /** An event failed too often and was moved to the dead-letter stream. */
    EVENT_DEAD_LETTERED("event.dead-lettered", Severity.WARNING),
    /** A changed app configuration was refused; the last valid one keeps running. */
    CONFIG_REFUSED("config.refused", Severity.WARNING),
    /** A commit of the state repository was not reviewed (review gate); the last applied commit keeps running. */
    CONFIG_UNREVIEWED("config.unreviewed", Severity.WARNING);

    private final String wire;
    private final Severity defaultSeverity;

    NotificationKind(String wire, Severity defaultSeverity) {
        this.wire = wire;
        this.defaultSeverity = defaultSeverity;
    }

    /** The stable name on the wire and in configuration, e.g. {@code deploy.failed}. */
    public String wire() {
        return wire;
    }

    /** The family of the kind: the part before the first dot ({@code deploy} for {@code deploy.failed}). */
    public String family() {
        int dot = wire.indexOf('.');
        return dot < 0 ? wire : wire.substring(0, dot);
    }

    /** The severity a publisher uses when it has no reason to choose another. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The kind of a wire name; fails with the list of known names. */
    public static NotificationKind fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown notification kind '" + wire
                        + "': expected one of " + Arrays.stream(values()).map(NotificationKind::wire).toList()));
    }

    @Override
    public String toString() {
        return wire;
    }
}
