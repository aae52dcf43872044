package dev.berth.events;

/**
 * Every Redis key berth uses, in one place. All keys live under one prefix ({@code berth:} by default) and are
 * colon-namespaced. berth never scans the key space.
 */
public final class RedisKeys {

    /** Consumer group of the deploy pipeline on the events stream. */
    public static final String ROUTER_GROUP = "router";
    /** Consumer group of the deploy workers on the deploy task stream. */
    public static final String DEPLOYER_GROUP = "deployers";

    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = prefix.endsWith(":") ? prefix : prefix + ":";
    }

    /** Stream of normalized webhook events. */
    public String events() {
        return prefix + "events";
    }

    /** Marker that a delivery of a source was already accepted (expires after the de-duplication window). */
    public String seen(String source, String deliveryId) {
        return prefix + "seen:" + source + ":" + deliveryId;
    }

    /**
     * The digest the last stored image event said {@code repository:tag} names: a webhook and a poll of the same push
     * (or two webhooks of one push) are stored once ({@link PushIdentity}).
     */
    public String lastPushed(String repository, String tag) {
        return prefix + "pushed:" + repository + ":" + tag;
    }

    /** Hash of the poller's last observation per app ({@code tag@digest}), so a new leader does not repeat it. */
    public String pollState() {
        return prefix + "poll:state";
    }

    /** The lease of the replica that polls registries. */
    public String pollLease() {
        return prefix + "lease:poll";
    }

    /** Stream of deploy tasks. */
    public String deployTasks() {
        return prefix + "deploys";
    }

    /** Stream of events that failed too often to be processed. */
    public String deadLetters() {
        return prefix + "dead";
    }

    /** Lock that serializes deploys of one app environment across replicas. */
    public String deployLock(String app, String env) {
        return prefix + "lock:deploy:" + app + ":" + env;
    }

    /** The newest deployment queued for an app environment: older queued ones are superseded. */
    public String latestDeployment(String app, String env) {
        return prefix + "deploy:latest:" + app + ":" + env;
    }

    /** Marker that an event was routed to an app already (makes re-processing after a crash harmless). */
    public String routed(String eventId, String app) {
        return prefix + "routed:" + eventId + ":" + app;
    }

    /** Hash holding one deployment record. */
    public String deployment(String id) {
        return prefix + "deployment:" + id;
    }

    /** Stream of one deployment's log lines. */
    public String deploymentLog(String id) {
        return prefix + "deployment:" + id + ":log";
    }

    /** Sorted set of deployment ids by creation time, per app environment and overall. */
    public String deploymentIndex(String app, String env) {
        return prefix + "deployments:" + app + ":" + env;
    }

    public String deploymentIndex(String app) {
        return prefix + "deployments:" + app;
    }

    public String deploymentIndex() {
        return prefix + "deployments";
    }

    /** Stream of notifications waiting for delivery (the outbox). */
    public String notifications() {
        return prefix + "notifications";
    }

    /** Consumer group of one notification sink on the notifications stream: each sink keeps its own progress. */
    public static String notifierGroup(String sink) {
        return "notify:" + sink;
    }

    /** Marker that a sink was sent a (kind, app, env, digest) notification; holds the entry id, expires. */
    public String notificationSent(String sink, String dedupeKey) {
        return prefix + "notify:sent:" + sink + ":" + dedupeKey;
    }

    /** Hash of an environment's last known-good release (deployment, digest, release, tag, time). */
    public String knownGood(String app, String env) {
        return prefix + "env:" + app + ":" + env + ":good";
    }

    /** Sorted set of digests verified in an environment, by time: candidates for the next environment. */
    public String verified(String app, String env) {
        return prefix + "verified:" + app + ":" + env;
    }

    /** Hash of an app's quarantined digests and why: never deployed automatically again. */
    public String quarantine(String app) {
        return prefix + "quarantine:" + app;
    }

    /**
     * Set of the API identities that requested the promotion of one digest into an environment whose approval must
     * come from someone else ({@code approval: {distinct: true}}); expires with the approval.
     */
    public String approvalRequesters(String app, String env, String digest) {
        return prefix + "approval:requesters:" + app + ":" + env + ":" + digest;
    }

    /** Hash of a promotion waiting for approval into an environment. */
    public String approval(String app, String env) {
        return prefix + "approval:" + app + ":" + env;
    }

    /** What reconciliation last queued for an app environment (digest and compose hash), so it plans it once. */
    public String reconcilePlanned(String app, String env) {
        return prefix + "reconcile:planned:" + app + ":" + env;
    }

    /** Hash of the guard's state of an environment (next probe, failure streak, health). */
    public String guard(String app, String env) {
        return prefix + "guard:" + app + ":" + env;
    }

    /** List of an environment's most recent check rounds (newest first, capped), for the API. */
    public String checkHistory(String app, String env) {
        return prefix + "checks:" + app + ":" + env;
    }

    /** Lease that lets one replica probe an environment per interval. */
    public String guardLease(String app, String env) {
        return prefix + "lease:guard:" + app + ":" + env;
    }

    /** Hash of an environment's drift episode (since, drifted hosts, self-heal deployment) and per-host state. */
    public String drift(String app, String env) {
        return prefix + "drift:" + app + ":" + env;
    }

    /** Lease that lets one replica check an environment for drift per interval ({@code tag}: a config version). */
    public String driftLease(String app, String env, String tag) {
        return prefix + "lease:drift:" + app + ":" + env + (tag.isEmpty() ? "" : ":" + tag);
    }

    /** Hash of a verified digest soaking in an environment before it is promoted on (deployment, digest, until). */
    public String soak(String app, String env) {
        return prefix + "soak:" + app + ":" + env;
    }

    // --- CI gate ---

    /** Consumer group of the CI gate on the events stream (records workflow runs, resumes waiting promotions). */
    public static final String CI_GATE_GROUP = "ci-gate";

    /** Hash of workflow name to conclusion of the completed runs of one commit of a GitHub repository. */
    public String ciRuns(String repository, String sha) {
        return prefix + "ci:runs:" + repository + ":" + sha;
    }

    /** Set of {@code app:env} whose promotion waits for CI runs of one commit. */
    public String ciWaiters(String repository, String sha) {
        return prefix + "ci:waiters:" + repository + ":" + sha;
    }

    /** Hash of a promotion into an environment waiting for its CI gate. */
    public String ciWaiting(String app, String env) {
        return prefix + "ci:waiting:" + app + ":" + env;
    }

    /** List of pending state repository writes (commit + push), oldest first: the Git write-back outbox. */
    public String stateOutbox() {
        return prefix + "state:outbox";
    }

    /** State repository writes that can never be made (a path refused), kept for an operator. */
    public String stateOutboxDead() {
        return prefix + "state:outbox:dead";
    }

    /** Hash of the reviewed commit an admin set through the API (marker review mode): sha, by, at. */
    public String stateReviewed() {
        return prefix + "state:reviewed";
    }

    /** Lease of the one replica that works through the state repository outbox, so writes stay in order. */
    public String stateOutboxLease() {
        return prefix + "lease:state-outbox";
    }

    // --- App definitions (folder mode) ---

    /**
     * Hash of app name to the last valid app.yaml and compose.yaml of that app read from {@code berth.apps.dir}
     * (JSON), so a definition that is invalid on disk when berth starts does not make the app vanish.
     */
    public String lastValidApps() {
        return prefix + "apps:last-valid";
    }

    // --- environment reconciler (docs/architecture.md) ---

    /** Hash: the one status record of an app environment (desired, observed per host, phase, version). */
    public String envStatus(String app, String env) {
        return prefix + "env:" + app + ":" + env;
    }

    /** Sorted set of {@code app/env} keys to reconcile, scored by the epoch millisecond they are due. */
    public String reconcileQueue() {
        return prefix + "reconcile:queue";
    }

    public String prefix() {
        return prefix;
    }
}
