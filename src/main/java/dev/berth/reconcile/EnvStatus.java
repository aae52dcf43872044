package dev.berth.reconcile;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one status record of an app environment ({@code berth:env:<app>:<env>}): what it should run, what each host
 * runs, where it is ({@link Phase}), its known-good release, the digests it quarantined, a pending rollback, retry
 * bookkeeping, and the version that every write compares and sets. Immutable; the {@code with...} methods return the
 * next record (same version: {@link EnvStatusStore} bumps it when it writes).
 *
 * @param desired     what the environment should run (the newest deployment asked for), or null before any
 * @param current     the release every host runs after its deployment succeeded (what the guard and drift watch)
 * @param hosts       per host, the release berth last saw it switch to and the last error there
 * @param rollback    a rollback that was decided and is not finished, or null
 * @param nextRetryAt when a failed rollback is tried again, or null
 * @param verification the verification in progress (one round per reconciler turn), or null
 */
public record EnvStatus(AppName app, EnvName env, Phase phase, Desired desired, Release current,
        List<HostState> hosts, Release knownGood, List<String> quarantined, int attempts, String lastError,
        Instant nextRetryAt, RollbackIntent rollback, VerificationState verification, long version) {

    public EnvStatus {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(phase, "phase");
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        quarantined = quarantined == null ? List.of() : List.copyOf(quarantined);
    }

    /** The record of an environment berth never touched. */
    public static EnvStatus empty(AppName app, EnvName env) {
        return new EnvStatus(app, env, Phase.IDLE, null, null, List.of(), null, List.of(), 0, null, null, null, null,
                0);
    }

    /** The desired state: a deployment of a pinned digest, and why. */
    public record Desired(String deployment, String digest, String tag, String releaseId, String composeSha256,
            String reason) {
    }

    /** A release that ran (or runs) in the environment. */
    public record Release(String deployment, String digest, String releaseId, String tag) {
    }

    /** One host: the release berth last saw it run, and the last error berth had there (null when none). */
    public record HostState(String host, String observedRelease, String error) {
    }

    /**
     * A decided rollback. {@code to} is the release to restore on every host (null: there is none);
     * {@code kind} says why ({@code verification}, {@code regression}, {@code manual}, {@code deploy});
     * {@code restored} is set once every host runs {@code to} and it was re-verified (then it is announced);
     * {@code failedOnce} once the first attempt failed (the CRITICAL notification went out).
     */
    public record RollbackIntent(String from, String to, String kind, String check, String detail,
            String decidedAt, boolean restored, boolean failedOnce) {

        public RollbackIntent asRestored() {
            return new RollbackIntent(from, to, kind, check, detail, decidedAt, true, failedOnce);
        }

        public RollbackIntent asFailed() {
            return new RollbackIntent(from, to, kind, check, detail, decidedAt, false, true);
        }
    }

    /**
     * The verification of {@code deployment} in progress: when it started, rounds run, the streaks, and when the last
     * round ran (the next is due one interval later).
     */
    public record VerificationState(String deployment, String startedAt, int rounds, int passStreak, int failStreak,
            String lastAt) {
    }

    public EnvStatus withVerification(VerificationState v) {
        return new EnvStatus(app, env, phase, desired, current, hosts, knownGood, quarantined, attempts, lastError,
                nextRetryAt, rollback, v, version);
    }

    public EnvStatus withPhase(Phase p) {
        return new EnvStatus(app, env, p, desired, current, hosts, knownGood, quarantined, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    public EnvStatus withDesired(Desired d) {
        return new EnvStatus(app, env, phase, d, current, hosts, knownGood, quarantined, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    public EnvStatus withCurrent(Release r) {
        return new EnvStatus(app, env, phase, desired, r, hosts, knownGood, quarantined, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    public EnvStatus withKnownGood(Release r) {
        return new EnvStatus(app, env, phase, desired, current, hosts, r, quarantined, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    public EnvStatus withRollback(RollbackIntent r) {
        return new EnvStatus(app, env, phase, desired, current, hosts, knownGood, quarantined, attempts, lastError,
                nextRetryAt, r, verification, version);
    }

    public EnvStatus withError(String error) {
        return new EnvStatus(app, env, phase, desired, current, hosts, knownGood, quarantined, attempts, error,
                nextRetryAt, rollback, verification, version);
    }

    /** Another attempt failed with {@code error}; the next is due at {@code retryAt}. */
    public EnvStatus withRetry(String error, Instant retryAt) {
        return new EnvStatus(app, env, phase, desired, current, hosts, knownGood, quarantined, attempts + 1, error,
                retryAt, rollback, verification, version);
    }

    /** No retry pending and no error: the environment reached what it aimed for. */
    public EnvStatus settled() {
        return new EnvStatus(app, env, phase, desired, current, hosts, knownGood, quarantined, 0, null, null,
                rollback, verification, version);
    }

    public EnvStatus withQuarantined(String digest) {
        if (quarantined.contains(digest)) {
            return this;
        }
        List<String> q = new ArrayList<>(quarantined);
        q.add(digest);
        return new EnvStatus(app, env, phase, desired, current, hosts, knownGood, q, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    public EnvStatus withoutQuarantined(String digest) {
        List<String> q = new ArrayList<>(quarantined);
        q.remove(digest);
        return new EnvStatus(app, env, phase, desired, current, hosts, knownGood, q, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    /** Records what {@code host} runs now ({@code release}, null when unknown) and its last error. */
    public EnvStatus withHost(String host, String release, String error) {
        List<HostState> next = new ArrayList<>();
        boolean found = false;
        for (HostState h : hosts) {
            if (h.host().equals(host)) {
                next.add(new HostState(host, release, error));
                found = true;
            } else {
                next.add(h);
            }
        }
        if (!found) {
            next.add(new HostState(host, release, error));
        }
        return new EnvStatus(app, env, phase, desired, current, next, knownGood, quarantined, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    /** Keeps the hosts in {@code order} (the environment's hosts now), dropping removed ones. */
    public EnvStatus withHostOrder(List<String> order) {
        List<HostState> next = new ArrayList<>();
        for (String host : order) {
            next.add(hosts.stream().filter(h -> h.host().equals(host)).findFirst()
                    .orElse(new HostState(host, null, null)));
        }
        return new EnvStatus(app, env, phase, desired, current, next, knownGood, quarantined, attempts, lastError,
                nextRetryAt, rollback, verification, version);
    }

    /** The release berth last saw on {@code host}, or null. */
    public String observed(String host) {
        return hosts.stream().filter(h -> h.host().equals(host)).map(HostState::observedRelease)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }
}
