package dev.berth.reconcile;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.domain.Digest;
import dev.berth.promote.EnvironmentRecords;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lifts a digest's quarantine everywhere it is kept: the app's quarantine hash and every environment's status record
 * (which the API, the router and the reconciler read). Used by an admin's explicit promote and by
 * {@code DELETE /api/v1/apps/{app}/quarantine/{digest}}.
 */
@ApplicationScoped
public class QuarantineLift {

    private final EnvironmentRecords records;
    private final EnvStatusStore statuses;

    public QuarantineLift(EnvironmentRecords records, EnvStatusStore statuses) {
        this.records = records;
        this.statuses = statuses;
    }

    public void lift(AppDefinition app, Digest digest) {
        records.release(app.name(), digest);
        for (EnvironmentSpec each : app.environments()) {
            statuses.update(app.name(), each.name(), x -> x.withoutQuarantined(digest.value()));
        }
    }
}
