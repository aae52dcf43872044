package dev.berth.gitops;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.promote.Promotion;
import dev.berth.promote.Promotions;
import jakarta.enterprise.context.ApplicationScoped;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A pin that a person committed (any pin that is not berth's own record) is a request to move a digest into an
 * environment, and passes the rules a promotion passes:
 *
 * <ol>
 * <li><b>quarantine</b>: a quarantined digest is refused;</li>
 * <li><b>verification</b>: in an environment that has a previous one, the digest must have passed verification
 * there;</li>
 * <li><b>CI gate</b> and <b>approval</b> of the environment, through {@link Promotions#promote} (waiting for CI or
 * for {@code POST .../approve}, or refused).</li>
 * </ol>
 * A refusal is logged at WARN naming the rule and sent as a {@code promotion.refused} notification. An admin
 * overrides every rule explicitly with a signed {@code Berth-Override:} trailer ({@link PinOverrides}).
 */
@ApplicationScoped
public class PersonPins {

    private static final Logger LOG = Logger.getLogger(PersonPins.class);

    private final EnvironmentRecords records;
    private final Promotions promotions;
    private final DeployQueue queue;
    private final StateRepositoryService state;
    private final PinOverrides overrides;
    private final Clock clock;
    private final RedisDataSource redis;
    private final RedisKeys keys;
    /** The refusal last told per pin file, so an unchanged refusal is told once, not on every commit. */
    private final Map<String, String> told = new ConcurrentHashMap<>();

    public PersonPins(EnvironmentRecords records, Promotions promotions, DeployQueue queue,
            StateRepositoryService state, ReviewConfig review, Clock clock, RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.records = records;
        this.promotions = promotions;
        this.queue = queue;
        this.state = state;
        this.overrides = new PinOverrides(review.allowedSigners());
        this.clock = clock;
    }

    /** Applies the rules to the pin of {@code digest} into {@code env} at {@code commit}; the deployment queued. */
    public Optional<Deployment> admit(AppDefinition app, EnvironmentSpec env, Digest digest, String tag,
            String commit, String reason) {
        String path = Reconciler.pinPath(app, env);
        Optional<String> override = state.enabled()
                ? state.inspect(repo -> overrides.of(repo, commit, path)) : Optional.empty();
        if (override.isPresent()) {
            LOG.warnf("%s at %s pins %s with an admin override (%s): quarantine, verification, CI gate and "
                    + "approval are skipped", path, Refusals.shortId(commit), digest, override.get());
            told.remove(path);
            return Optional.of(direct(app, env, digest, tag, commit, reason + ", admin override: " + override.get()));
        }
        String pin = path + " at " + Refusals.shortId(commit);
        Optional<String> quarantined = records.quarantined(app.name(), digest);
        if (quarantined.isPresent()) {
            return refuse(app, env, digest, tag, "quarantine", pin + " pins " + digest + ", which is quarantined ("
                    + quarantined.get() + ")");
        }
        Optional<EnvironmentSpec> previous = app.previous(env.name());
        if (previous.isPresent() && !records.verified(app.name(), previous.get().name(), digest)) {
            return refuse(app, env, digest, tag, "verification", pin + " pins " + digest
                    + ", which has not passed verification in " + previous.get().name());
        }
        told.remove(path);
        if (env.gate().isEmpty() && !env.approvalRequired()) {
            return Optional.of(direct(app, env, digest, tag, commit, reason));
        }
        DeploymentId from = previous.flatMap(p -> records.knownGood(app.name(), p.name()))
                .filter(g -> g.digest().equals(digest)).map(EnvironmentRecords.KnownGood::deployment)
                .orElseGet(() -> DeploymentId.next(clock.instant()));
        Promotion p = promotions.promote(app, env, from, digest, tag, reason + " (a person's pin, promoted)");
        LOG.infof("%s: %s (%s)", pin, p.outcome(), p.reason() == null ? "" : p.reason());
        return Optional.ofNullable(p.deployment());
    }

    /**
     * Refuses (once per pin file, digest and rule) and forgets the reconciler's plan of it, so that the next commit
     * looks again: an override, a lifted quarantine or a verification in the previous environment may admit it then.
     */
    private Optional<Deployment> refuse(AppDefinition app, EnvironmentSpec env, Digest digest, String tag, String rule,
            String why) {
        redis.key().del(keys.reconcilePlanned(app.name().value(), env.name().value()));
        String path = Reconciler.pinPath(app, env);
        if ((digest.value() + " " + rule).equals(told.put(path, digest.value() + " " + rule))) {
            LOG.debugf("%s still refused by the %s rule (told before)", path, rule);
            return Optional.empty();
        }
        promotions.refuse(app, env, digest, tag, "the " + rule + " rule refuses a person's pin: " + why
                + ". A pin by a person passes the rules of a promotion; an admin overrides them with a commit of the "
                + "pin carrying 'Berth-Override: <why>', signed by a key of berth.state.review.allowed-signers");
        return Optional.empty();
    }

    private Deployment direct(AppDefinition app, EnvironmentSpec env, Digest digest, String tag, String commit,
            String reason) {
        return queue.enqueue(new DeployQueue.Request(app.name(), env.name(), app.image(), tag, digest,
                env.hosts().stream().map(HostSpec::ssh).toList(), "git:" + commit, reason));
    }
}
