package dev.berth.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.AppName;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last valid files (app.yaml and compose.yaml) of each app of {@code berth.apps.dir}, kept in Redis
 * ({@link RedisKeys#lastValidApps()}), so that an app whose files are invalid when berth starts keeps its last valid
 * definition across restarts instead of vanishing. Blocking Redis: call at startup or from worker threads.
 */
@ApplicationScoped
public class LastValidApps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FILES = new TypeReference<>() {
    };
    private static final String[] NAMES = {AppDefinitionParser.APP_FILE, AppDefinitionParser.COMPOSE_FILE};

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public LastValidApps(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Keeps the files of {@code folder} (just parsed as valid app {@code app}). */
    public void save(AppName app, Path folder) {
        Map<String, String> files = new LinkedHashMap<>();
        try {
            for (String name : NAMES) {
                files.put(name, Files.readString(folder.resolve(name), StandardCharsets.UTF_8));
            }
            redis.hash(String.class).hset(keys.lastValidApps(), app.value(), JSON.writeValueAsString(files));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the last valid definition of " + app + ": " + e.getMessage(), e);
        }
    }

    public void remove(AppName app) {
        redis.hash(String.class).hdel(keys.lastValidApps(), app.value());
    }

    /**
     * Writes every kept definition as {@code root/apps/<app>/} and returns how many; unreadable entries are skipped.
     */
    public int writeTo(Path root) throws IOException {
        Map<String, String> all = redis.hash(String.class).hgetall(keys.lastValidApps());
        int written = 0;
        for (Map.Entry<String, String> e : all == null ? Map.<String, String>of().entrySet() : all.entrySet()) {
            Map<String, String> files;
            AppName app;
            try {
                app = new AppName(e.getKey());
                files = JSON.readValue(e.getValue(), FILES);
            } catch (IllegalArgumentException | JsonProcessingException bad) {
                continue;
            }
            Path folder = Files.createDirectories(root.resolve("apps").resolve(app.value()));
            for (String name : NAMES) {
                if (files.get(name) != null) {
                    Files.writeString(folder.resolve(name), files.get(name), StandardCharsets.UTF_8);
                }
            }
            written++;
        }
        return written;
    }
}
