package dev.berth.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real redis-server for a Quarkus test run and points berth at it. Tests reach the server through
 * {@link #server()} to stop and restart it.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;

    @Override
    public Map<String, String> start() {
        server = new RedisServer().start();
        return Map.of("quarkus.redis.hosts", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static RedisServer server() {
        return server;
    }
}
