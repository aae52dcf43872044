package dev.berth.gitops;

import dev.berth.events.Event;
import dev.berth.events.EventKind;
import dev.berth.events.RedisKeys;
import dev.berth.work.Heartbeat;
import dev.berth.work.ManagedExecutors;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Pulls the state repository when GitHub reports a push to its branch ({@code git.push} events of the events stream).
 *
 * <p>Every berth instance keeps its own checkout and catalog, so every instance must see every such push: this reads
 * the stream with plain {@code XREAD} from where it stood at start, not with a consumer group (which would hand
 * each event to one instance only). A push missed while berth was down is covered by the pull at start and by the
 * poll ({@code berth.state.poll-interval}).
 */
@ApplicationScoped
public class PullOnPush {

    private static final Logger LOG = Logger.getLogger(PullOnPush.class);
    private static final Duration BLOCK = Duration.ofSeconds(1);

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final StateConfig config;
    private final StateRepositoryService state;
    private final StateSync sync;
    private final ManagedExecutors executors;
    private volatile boolean running;
    private String slug;
    private String ref;

    public PullOnPush(RedisDataSource redis, RedisKeys keys, StateConfig config, StateRepositoryService state,
            StateSync sync, ManagedExecutors executors) {
        this.executors = executors;
        this.redis = redis;
        this.keys = keys;
        this.config = config;
        this.state = state;
        this.sync = sync;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) StartupEvent event) {
        if (!state.enabled()) {
            return;
        }
        slug = config.githubRepository().orElseGet(() -> slugOf(config.repo().orElseThrow()))
                .toLowerCase(Locale.ROOT);
        ref = "refs/heads/" + config.branch();
        running = true;
        executors.start("state-pull", null, this::run);
        LOG.infof("Pulling the state repository on pushes of %s %s", slug, ref);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void run(Heartbeat heartbeat) {
        String last = null;
        while (running) {
            heartbeat.beat();
            try {
                if (last == null) {
                    last = newestId();
                }
                List<StreamMessage<String, String, String>> messages = redis.stream(String.class)
                        .xread(keys.events(), last, new XReadArgs().count(100).block(BLOCK));
                boolean pull = false;
                for (StreamMessage<String, String, String> m : messages) {
                    last = m.id();
                    pull |= matches(m.payload());
                }
                if (pull) {
                    sync.sync("push to " + slug);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warnf("Reading %s for state repository pushes failed (%s); retrying", keys.events(),
                        e.getMessage());
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
        heartbeat.stopped();
    }

    /** Whether the entry is a push to the state repository's branch. */
    boolean matches(Map<String, String> fields) {
        if (fields == null || !EventKind.GIT_PUSH.wire().equals(fields.get("kind"))) {
            return false;
        }
        try {
            Event event = Event.fromFields(fields);
            return event.gitRepository() != null && slug.equals(event.gitRepository().toLowerCase(Locale.ROOT))
                    && ref.equals(event.gitRef());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String newestId() {
        List<StreamMessage<String, String, String>> newest = redis.stream(String.class)
                .xrevrange(keys.events(), StreamRange.of("+", "-"), 1);
        return newest.isEmpty() ? "0-0" : newest.get(0).id();
    }

    /**
     * {@code owner/name} of a Git URL: its last two path segments without {@code .git}
     * ({@code https://github.com/acme/state.git}, {@code git@github.com:acme/state.git}, {@code ssh://...}).
     */
    static String slugOf(String url) {
        String path = url.replaceAll("/+$", "").replaceAll("\\.git$", "");
        int colon = path.indexOf(':');
        if (colon > 0 && !path.contains("://")) {
            path = path.substring(colon + 1);
        }
        String[] parts = path.split("/");
        return Optional.of(parts).filter(p -> p.length >= 2).map(p -> p[p.length - 2] + "/" + p[p.length - 1])
                .orElseThrow(() -> new IllegalStateException("cannot tell the GitHub owner/name of state repository "
                        + GitStateRepository.redact(url) + ": set berth.state.github-repository"));
    }
}
