package dev.berth.promote;

import dev.berth.deploy.Deployment;
import java.util.Map;

/**
 * CDI event fired after a rollback restored a release on every host of an environment. {@code restored} is the
 * record of what runs now (a succeeded deployment whose trigger is {@code rollback:<failed id>}); {@code quarantine}
 * is the app's whole quarantine list after the rollback (digest to reason). The state repository commits both in one
 * commit, so the next reconcile agrees with the rollback instead of fighting it. Observers must not throw.
 */
public record RolledBack(Deployment failed, Deployment restored, Map<String, String> quarantine) {

    public RolledBack {
        quarantine = Map.copyOf(quarantine);
    }
}
