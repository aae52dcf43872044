package dev.berth.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deploy pipeline's and the CI gate's consumer groups exist as soon as berth has started, and creating it again changes nothing. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class ConsumerGroupsTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ConsumerGroups groups;

    @Test
    void routerGroupExistsAfterStart() {
        assertEquals(java.util.Set.of(RedisKeys.ROUTER_GROUP, RedisKeys.CI_GATE_GROUP),
                java.util.Set.copyOf(groupNames()));
    }

    @Test
    void ensureIsIdempotent() {
        groups.ensure();
        groups.ensure();
        groups.create(keys.events(), RedisKeys.ROUTER_GROUP);
        assertEquals(java.util.Set.of(RedisKeys.ROUTER_GROUP, RedisKeys.CI_GATE_GROUP),
                java.util.Set.copyOf(groupNames()));
    }

    /** Group names from XINFO GROUPS, whether the server answers with RESP3 maps or RESP2 flat arrays. */
    private List<String> groupNames() {
        Response info = redis.execute("XINFO", "GROUPS", keys.events());
        List<String> names = new ArrayList<>();
        for (Response group : info) {
            if (isMap(group)) {
                names.add(group.get("name").toString());
                continue;
            }
            for (int i = 0; i + 1 < group.size(); i += 2) {
                if ("name".equals(group.get(i).toString())) {
                    names.add(group.get(i + 1).toString());
                }
            }
        }
        return names;
    }

    private static boolean isMap(Response group) {
        try {
            return group.containsKey("name");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
