package dev.berth.promote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.verify.CheckResult;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The recent check rounds of each environment (verification and guard), newest first, capped at {@value #KEEP}, and
 * the guard's health: what {@code GET /api/v1/apps/{app}} shows so an operator sees why an environment is failing.
 * Recording never fails a check: a Redis error is logged and the round goes on.
 */
@ApplicationScoped
public class CheckHistory {

    /** Rounds kept per environment. */
    public static final int KEEP = 20;
    /** The health of an environment whose checks cannot run. */
    public static final String UNKNOWN = "unknown";
    private static final Logger LOG = Logger.getLogger(CheckHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ENTRY = new TypeReference<>() {
    };

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public CheckHistory(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Records one round; {@code phase} is {@code verify} or {@code guard}. */
    public void record(AppName app, EnvName env, String phase, CheckResult r) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("at", r.at().toString());
        entry.put("phase", phase);
        entry.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
        if (r.check() != null) {
            entry.put("check", r.check());
        }
        if (r.detail() != null) {
            entry.put("detail", r.detail());
        }
        String key = keys.checkHistory(app.value(), env.value());
        try {
            String json = JSON.writeValueAsString(entry);
            redis.withTransaction(tx -> {
                tx.list(String.class).lpush(key, json);
                tx.list(String.class).ltrim(key, 0, KEEP - 1L);
            });
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Check round of %s/%s not recorded: %s", app, env, e.getMessage());
        }
    }

    /** The recent rounds, newest first. */
    public List<Map<String, String>> recent(AppName app, EnvName env) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String json : redis.list(String.class).lrange(keys.checkHistory(app.value(), env.value()), 0, KEEP - 1L)) {
            try {
                out.add(JSON.readValue(json, ENTRY));
            } catch (JsonProcessingException e) {
                LOG.debugf("unreadable check history entry of %s/%s skipped", app, env);
            }
        }
        return out;
    }

    /**
     * The environment's health: {@code unknown} when the newest recorded check round could not run (a
     * {@code checker_error}: host unreachable, host key refused), since nothing then says how the app does; else the
     * guard's view, {@code healthy}, {@code degraded} or {@code failing}; empty before the guard probed.
     */
    public Optional<String> health(AppName app, EnvName env) {
        List<String> newest = redis.list(String.class).lrange(keys.checkHistory(app.value(), env.value()), 0, 0);
        if (!newest.isEmpty() && newest.get(0).contains("\"verdict\":\"checker_error\"")) {
            return Optional.of(UNKNOWN);
        }
        return Optional.ofNullable(redis.hash(String.class).hget(keys.guard(app.value(), env.value()), "health"))
                .map(h -> h.toLowerCase(java.util.Locale.ROOT));
    }
}
