package dev.berth.gitops;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drift state of each environment in Redis, shared by the replicas: per host whether it drifted when last
 * checked, and the open episode (since when, which hosts, the self-heal deployment). An episode starts when the first
 * host is found drifted and ends when every host was last seen clean; a host that could not be checked keeps its
 * last state, so an unreachable host neither starts nor ends an episode. Start and end are each claimed by exactly
 * one caller (HSETNX, HDEL), which is the one that notifies.
 */
@ApplicationScoped
public class DriftEpisodes {

    private static final String SINCE = "since";
    private static final String HOSTS = "hosts";
    private static final String HEALED = "healed";
    private static final String HOST = "host:";

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public DriftEpisodes(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** What a round of checks changed. */
    public enum Change { DETECTED, CONTINUES, RESOLVED, CLEAN }

    /** The outcome of {@link #record}: the change, when the episode started, and the drifted hosts. */
    public record Outcome(Change change, Instant since, List<String> driftedHosts) {
    }

    /**
     * Records the hosts checked this round ({@code host -> drifted}) among {@code hosts} (the environment's hosts,
     * in order) and says what changed.
     */
    public Outcome record(AppName app, EnvName env, List<String> hosts, Map<String, Boolean> checked, Instant now) {
        String key = keys.drift(app.value(), env.value());
        HashCommands<String, String, String> hash = redis.hash(String.class);
        if (!checked.isEmpty()) {
            Map<String, String> fields = new LinkedHashMap<>();
            checked.forEach((host, drifted) -> fields.put(HOST + host, drifted ? "1" : "0"));
            hash.hset(key, fields);
        }
        Map<String, String> state = hash.hgetall(key);
        String[] gone = state.keySet().stream().filter(f -> f.startsWith(HOST) && !hosts.contains(f.substring(
                HOST.length()))).toArray(String[]::new);
        if (gone.length > 0) {
            hash.hdel(key, gone);
        }
        List<String> drifted = hosts.stream().filter(h -> "1".equals(state.get(HOST + h))).toList();
        if (!drifted.isEmpty()) {
            hash.hset(key, HOSTS, String.join(",", drifted));
            boolean started = hash.hsetnx(key, SINCE, now.toString());
            Instant since = started ? now : Instant.parse(hash.hget(key, SINCE));
            return new Outcome(started ? Change.DETECTED : Change.CONTINUES, since, drifted);
        }
        String since = state.get(SINCE);
        if (since != null && hash.hdel(key, SINCE) == 1) {
            hash.hdel(key, HOSTS, HEALED);
            return new Outcome(Change.RESOLVED, Instant.parse(since), List.of());
        }
        return new Outcome(Change.CLEAN, null, List.of());
    }

    /** Per host of the environment, 1 when it drifted when last checked, 0 when clean; unchecked hosts absent. */
    public Map<String, Integer> hostStates(AppName app, EnvName env) {
        Map<String, Integer> out = new LinkedHashMap<>();
        redis.hash(String.class).hgetall(keys.drift(app.value(), env.value())).forEach((field, value) -> {
            if (field.startsWith(HOST)) {
                out.put(field.substring(HOST.length()), "1".equals(value) ? 1 : 0);
            }
        });
        return out;
    }

    /** Claims the one self-heal of the open episode; false when it was claimed already. */
    public boolean claimHeal(AppName app, EnvName env) {
        return redis.hash(String.class).hsetnx(keys.drift(app.value(), env.value()), HEALED, "pending");
    }

    /** Records the deployment the self-heal queued. */
    public void healed(AppName app, EnvName env, String deployment) {
        redis.hash(String.class).hset(keys.drift(app.value(), env.value()), HEALED, deployment);
    }

    /** Gives the claim back (the deploy could not be queued), so a later round may try again. */
    public void unclaimHeal(AppName app, EnvName env) {
        redis.hash(String.class).hdel(keys.drift(app.value(), env.value()), HEALED);
    }

    /**
     * The open drift episode of an environment, for views such as the API.
     *
     * @param healDeployment the self-heal deployment queued in this episode, or null
     */
    public record Episode(Instant since, List<String> hosts, String healDeployment) {
    }

    /** The environment's open drift episode, if it drifts. */
    public Optional<Episode> episode(AppName app, EnvName env) {
        Map<String, String> state = redis.hash(String.class).hgetall(keys.drift(app.value(), env.value()));
        String since = state.get(SINCE);
        if (since == null) {
            return Optional.empty();
        }
        String hosts = state.getOrDefault(HOSTS, "");
        String healed = state.get(HEALED);
        return Optional.of(new Episode(Instant.parse(since), hosts.isEmpty() ? List.of() : List.of(hosts.split(",")),
                "pending".equals(healed) ? null : healed));
    }
}
