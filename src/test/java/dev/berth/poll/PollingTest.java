package dev.berth.poll;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.events.RedisKeys;
import dev.berth.registry.RegistryFront;
import dev.berth.testing.EventStream;
import dev.berth.testing.Fixtures;
import dev.berth.testing.LogCapture;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Registry polling end to end against a real Distribution registry with notifications off: pushes become deployment
 * records through the same events stream and router as webhooks, without any webhook.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = PollStack.class, restrictToAnnotatedClass = true)
class PollingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    DeploymentStore store;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    private List<Deployment> deployments(String app) {
        return store.list(Optional.of(new AppName(app)), Optional.empty(), 1000);
    }

    private List<Deployment> deploymentsOf(String app, String digest) {
        return deployments(app).stream().filter(d -> d.digest().value().equals(digest)).toList();
    }

    private static long requests(RegistryFront front, String pathPart) {
        return front.seen().stream().filter(s -> s.pathAndQuery().contains(pathPart)).count();
    }

    /** Waits until the poller asked the registry about {@code pathPart} {@code more} more times. */
    private static void morePolls(RegistryFront front, String pathPart, int more) {
        long now = requests(front, pathPart);
        Poll.until(WAIT, more + " more polls of " + pathPart, () -> requests(front, pathPart) >= now + more);
    }

    @Test
    void aPushIsDeployedByPollingWithoutAWebhook() {
        String digest = PollStack.registry.pushImage("acme/semver", "1.0.0");
        Deployment d = Poll.value(WAIT, "a deployment of the pushed 1.0.0", () ->
                deploymentsOf("semver", digest).stream().findFirst().orElse(null));
        assertEquals("1.0.0", d.tag());
        assertEquals(PollStack.front.host() + "/acme/semver", d.image().repository());

        PollStack.registry.pushImage("acme/semver", "0.9.0"); // outside the range: never deployed
        String newer = PollStack.registry.pushImage("acme/semver", "1.1.0");
        Poll.until(WAIT, "a deployment of 1.1.0", () -> !deploymentsOf("semver", newer).isEmpty());
        assertTrue(deployments("semver").stream().noneMatch(x -> "0.9.0".equals(x.tag())));
    }

    @Test
    void aThousandTagsArePagedThroughWithLink() {
        PollStack.registry.pushImage("acme/paged", "1.0.0");
        for (int i = 1; i < 999; i++) {
            PollStack.registry.retag("acme/paged", "1.0.0", "1.0." + i);
        }
        String newest = PollStack.registry.pushImage("acme/paged", "2.0.0"); // lexically last: on the tenth page
        Deployment d = Poll.value(WAIT, "a deployment of 2.0.0", () ->
                deploymentsOf("paged", newest).stream().findFirst().orElse(null));
        assertEquals("2.0.0", d.tag());
        long pages = PollStack.front.seen().stream()
                .filter(s -> s.pathAndQuery().startsWith("/v2/acme/paged/tags/list?") && s.pathAndQuery().contains("last="))
                .map(s -> s.pathAndQuery().replaceAll(".*last=([^&]*).*", "$1")).distinct().count();
        assertTrue(pages >= 9, "pages after the first were asked for with last=: " + pages);
        assertTrue(PollStack.front.seen().stream().anyMatch(s -> s.pathAndQuery().equals("/v2/acme/paged/tags/list?n=100")),
                "the first page asks for the configured page size");
    }

    @Test
    void aFloatingTagMovedToANewDigestDeploysOnce() {
        String first = PollStack.registry.pushImage("acme/floating", "latest");
        Poll.until(WAIT, "a deployment of the first latest", () -> !deploymentsOf("floating", first).isEmpty());
        String second = PollStack.registry.pushImage("acme/floating", "latest");
        Poll.until(WAIT, "a deployment of the moved latest", () -> !deploymentsOf("floating", second).isEmpty());
        morePolls(PollStack.front, "/v2/acme/floating/manifests/latest", 3);

        assertEquals(1, deploymentsOf("floating", first).size());
        assertEquals(1, deploymentsOf("floating", second).size());
        assertEquals("latest", deploymentsOf("floating", second).get(0).tag());
        assertEquals(0, requests(PollStack.front, "/v2/acme/floating/tags/list"), "a floating tag is never listed");
        assertTrue(PollStack.front.seen().stream().filter(s -> s.pathAndQuery().equals("/v2/acme/floating/manifests/latest"))
                .allMatch(s -> s.method().equals("HEAD")), "a floating tag is asked for with HEAD only");
    }

    @Test
    void aWebhookAndAPollOfOnePushDeployOnce() {
        String digest = PollStack.registry.pushImage("acme/hooked", "1.0.0");
        ObjectNode envelope = (ObjectNode) Fixtures.json("distribution/02-push-oci-manifest-1.0.0.json");
        ObjectNode event = (ObjectNode) envelope.get("events").get(0);
        event.put("id", UUID.randomUUID().toString());
        ((ObjectNode) event.get("target")).put("repository", "acme/hooked").put("digest", digest).put("tag", "1.0.0")
                .put("url", "http://" + PollStack.front.host() + "/v2/acme/hooked/manifests/" + digest);
        ((ObjectNode) event.get("request")).put("host", PollStack.front.host());
        int status = given().contentType("application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer test-distribution-token").body(envelope.toString())
                .post("/webhooks/distribution").then().extract().statusCode();
        assertTrue(status == 202 || status == 200, "webhook answered " + status);

        Poll.until(WAIT, "a deployment of the push", () -> !deploymentsOf("hooked", digest).isEmpty());
        morePolls(PollStack.front, "/v2/acme/hooked/tags/list", 3);
        Poll.until(WAIT, "the poller to have seen the push", () ->
                ("1.0.0@" + digest).equals(redis.hash(String.class).hget(keys.pollState(), "hooked")));

        assertEquals(1, deploymentsOf("hooked", digest).size(), "one deployment for the webhook and the poll");
        assertEquals(1, new EventStream(redis, keys.events()).forImage(PollStack.front.host() + "/acme/hooked").size(),
                "one event stored for the push");
    }

    @Test
    void aRetryAfterFromAProxyIsHonouredBeforeTheNextRequest() {
        Poll.until(WAIT, "the slow app to be polled", () -> requests(PollStack.slowFront, "/v2/acme/slow/") > 0);
        PollStack.slowFront.failNext(1, 429, "3");
        String digest = PollStack.registry.pushImage("acme/slow", "1.0.0");
        Poll.until(WAIT, "a deployment of the push after the 429", () -> !deploymentsOf("slow", digest).isEmpty());

        List<RegistryFront.Seen> seen = PollStack.slowFront.seen();
        int refused = -1;
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).status() == 429) {
                refused = i;
            }
        }
        assertTrue(refused >= 0 && refused + 1 < seen.size(), "the proxy answered 429 once and was asked again");
        Duration gap = Duration.between(seen.get(refused).at(), seen.get(refused + 1).at());
        // polls are due every second: without Retry-After the next request would follow within about one second
        assertTrue(gap.compareTo(Duration.ofMillis(2500)) >= 0, "next request " + gap.toMillis() + " ms after the 429");
    }

    @Test
    void theSafetyNetCountsAPushNoWebhookDelivered() {
        Poll.until(WAIT, "the safety net's baseline for netted", () ->
                redis.hash(String.class).hget(keys.pollState(), "netted") != null);
        String digest = PollStack.registry.pushImage("acme/netted", "1.0.0");
        Poll.until(WAIT, "a deployment of the missed push", () -> !deploymentsOf("netted", digest).isEmpty());
        Poll.until(WAIT, "berth_poll_found_missed_total for netted", () -> given().get("/q/metrics").asString()
                .contains("berth_poll_found_missed_total{app=\"netted\"} 1.0"));
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("berth_poll_budget_remaining{registry=\"" + PollStack.front.host() + "\"}"),
                "the request budget per registry is a metric");
        assertTrue(metrics.contains("berth_poll_requests_total{registry=\"" + PollStack.front.host() + "\""),
                "requests per registry are counted");
        assertTrue(metrics.contains("berth_poll_budget_requests_per_minute{registry=\"" + PollStack.front.host()
                + "\"} 600.0"), "the default budget is shown");
        assertTrue(metrics.contains("berth_poll_found_total{app=\"netted\"} 1.0"), "the found push is counted");
    }

    @Test
    void helperCredentialsAreRefreshedAndAFailingHelperLeaksNothing() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Poll.until(WAIT, "the failing helper to be reported", () -> logs.text().contains("Poll of locked failed"));
            String line = logs.lines().stream().filter(l -> l.contains("Poll of locked failed")).findFirst().orElseThrow();
            assertTrue(line.contains("docker-credential-berth-poll-failing") && line.contains("exit status 1")
                    && line.contains("session expired"), line);
            // the helper's answer is assumed to last 2 s: it is asked again while polls go on
            Poll.until(WAIT, "the helper to be asked again", () -> helperCalls().size() >= 3);
            assertEquals(PollStack.front.host(), Files.readAllLines(PollStack.helperCalls).get(0));
            assertFalse(logs.text().contains(PollStack.SECRET), "a secret reached the logs");
            assertTrue(given().get("/q/metrics").asString().contains("berth_poll_errors_total{app=\"locked\",kind=\"refused\"}"),
                    "the failed polls are counted");
        }
    }

    private static List<String> helperCalls() {
        try {
            return Files.exists(PollStack.helperCalls) ? Files.readAllLines(PollStack.helperCalls) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theLeaseLetsOneReplicaPoll() {
        RedisKeys separate = new RedisKeys("leasetest-" + UUID.randomUUID());
        PollLease a = new PollLease(redis, separate);
        PollLease b = new PollLease(redis, separate);
        assertTrue(a.hold(Duration.ofSeconds(30)));
        assertFalse(b.hold(Duration.ofSeconds(30)), "another replica holds the lease");
        assertTrue(a.hold(Duration.ofSeconds(30)), "the holder renews it");
        redis.key().del(separate.pollLease()); // the holder stopped and its lease lapsed
        assertTrue(b.hold(Duration.ofSeconds(30)));
        assertFalse(a.hold(Duration.ofSeconds(30)));
    }
}
