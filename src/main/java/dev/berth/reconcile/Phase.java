package dev.berth.reconcile;

import java.util.Arrays;
import java.util.Locale;

/** Where an environment is on its way to its desired state (docs/architecture.md has the state diagram). */
public enum Phase {
    /** Nothing was ever deployed here. */
    IDLE,
    /** Hosts are being switched to the desired release, one after another. */
    DEPLOYING,
    /** Every host runs the desired release; its checks decide whether it stays. */
    VERIFYING,
    /** Verified; soaking before its promotion to the next environment. */
    SOAKING,
    /** Verified here; the next environment waits for an approval. */
    AWAITING_APPROVAL,
    /** Runs its verified release; the guard finds it healthy. */
    HEALTHY,
    /** Runs its verified release; the guard sees failing checks. */
    DEGRADED,
    /** A rollback was decided and is being carried out on every host. */
    ROLLING_BACK,
    /** A rollback could not restore every host; it is retried at {@code nextRetryAt}. */
    ROLLBACK_FAILED,
    /** The last deployment failed and nothing had to be rolled back (no host was switched). */
    FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Phase fromWire(String wire) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown phase '" + wire + "'"));
    }
}
