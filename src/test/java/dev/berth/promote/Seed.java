package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.ReleaseId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Deployment records as the deploy worker writes them, for seeding Redis before a guard or promotion test. */
final class Seed {

    private Seed() {
    }

    static Digest digest() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return new Digest("sha256:" + HexFormat.of().formatHex(b));
    }

    /** A deployment of {@code digest} to {@code env} in {@code status}, created at {@code at}. */
    static Deployment deployment(AppDefinition app, EnvironmentSpec env, Digest digest, DeploymentStatus status,
            Instant at, String trigger) {
        return new Deployment(DeploymentId.next(at), app.name(), env.name(), app.image(), "1.0.0", digest,
                ReleaseId.of(at, digest), env.hosts().stream().map(h -> h.ssh()).toList(), status, at, at,
                status.terminal() ? at : null, trigger, "seeded by a test", null);
    }

    static Deployment deployment(AppDefinition app, EnvironmentSpec env, Digest digest, Instant at) {
        return deployment(app, env, digest, DeploymentStatus.SUCCEEDED, at, "test");
    }

}
