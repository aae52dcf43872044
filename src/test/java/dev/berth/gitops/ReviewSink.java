package dev.berth.gitops;

import dev.berth.testing.HttpSink;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A loopback HTTP sink registered as berth's Slack sink {@code review}, for the review gate's alerts. */
public class ReviewSink implements QuarkusTestResourceLifecycleManager {

    static HttpSink sink;

    @Override
    public Map<String, String> start() {
        sink = HttpSink.start();
        return Map.of("berth.notify.sinks.review.type", "slack",
                "berth.notify.sinks.review.url", sink.url("/slack").toString(),
                "berth.notify.sinks.review.kinds", "config.unreviewed");
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.close();
        }
    }
}
