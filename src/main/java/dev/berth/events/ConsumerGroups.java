package dev.berth.events;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Creates the consumer groups berth reads with, idempotently, at start: the deploy pipeline's group on the events
 * stream must exist before the first webhook so no event is missed. If Redis is down at start, the groups are created
 * by {@link #ensure()} when a reader first needs them.
 */
@ApplicationScoped
public class ConsumerGroups {

    private static final Logger LOG = Logger.getLogger(ConsumerGroups.class);

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public ConsumerGroups(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensure();
        } catch (RuntimeException e) {
            LOG.warnf("Could not create the consumer groups at start (%s); they are created when Redis is back",
                    e.getMessage());
        }
    }

    /** Creates every group berth reads with; a group that exists already is left as it is. */
    public void ensure() {
        create(keys.events(), RedisKeys.ROUTER_GROUP);
        create(keys.deployTasks(), RedisKeys.DEPLOYER_GROUP);
        create(keys.events(), RedisKeys.CI_GATE_GROUP);
    }

    /** XGROUP CREATE ... MKSTREAM from the start of the stream, ignoring BUSYGROUP. */
    public void create(String stream, String group) {
        try {
            redis.execute("XGROUP", "CREATE", stream, group, "0", "MKSTREAM");
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }
}
