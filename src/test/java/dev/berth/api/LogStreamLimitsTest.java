package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 11 against the running service with a small worker pool (6 threads): live log streams hold no
 * worker thread, so the API answers with more streams open than there are workers; streams beyond the per-token cap
 * answer 429; readiness fails when no worker is free. Before the fix each stream held a worker for up to 2 h.
 */
@QuarkusTest
@TestProfile(LogStreamLimitsTest.Profile.class)
class LogStreamLimitsTest {

    /** A worker pool smaller than the number of streams the test opens. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.thread-pool.max-threads", "6", "quarkus.thread-pool.core-threads", "1",
                    "berth.api.log-streams.max-per-token", "10", "berth.api.log-streams.max-total", "14");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisResource.class));
        }
    }

    private static final String VIEWER = "viewer-token-0123456789";
    private static final String DEPLOYER = "deployer-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final Digest DIGEST = new Digest("sha256:" + "cd".repeat(32));

    @TestHTTPResource("/")
    URI base;
    @Inject
    DeploymentStore store;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<InputStream> open = new ArrayList<>();

    @Inject
    LogTails tails;


    @AfterEach
    void closeStreams() throws IOException {
        for (InputStream in : open) {
            in.close();
        }
        open.clear();
        Poll.until(ANSWER, "berth to notice the closed streams", () -> tails.open() == 0);
    }

    @Test
    void moreStreamsThanWorkersLeaveTheApiAnswering() throws Exception {
        Deployment running = running();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, stream(VIEWER, running).statusCode(), "stream " + (i + 1));
        }

        HttpResponse<String> apps = get(DEPLOYER, "/api/v1/apps");
        assertEquals(200, apps.statusCode(), apps::body);
        assertEquals(200, get(DEPLOYER, "/api/v1/deployments/" + running.id()).statusCode());
        HttpResponse<String> ready = get(null, "/q/health/ready");
        assertEquals(200, ready.statusCode(), ready::body);
    }

    @Test
    void streamsBeyondTheCapsAnswer429() throws Exception {
        Deployment running = running();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, stream(VIEWER, running).statusCode(), "stream " + (i + 1));
        }
        HttpResponse<InputStream> refused = stream(VIEWER, running);
        assertEquals(429, refused.statusCode());
        String body = new String(refused.body().readAllBytes());
        assertTrue(body.contains("max-per-token"), body);

        for (int i = 0; i < 4; i++) {
            assertEquals(200, stream(DEPLOYER, running).statusCode(), "another identity, stream " + (i + 1));
        }
        HttpResponse<InputStream> full = stream(ADMIN, running);
        assertEquals(429, full.statusCode());
        assertTrue(new String(full.body().readAllBytes()).contains("max-total"));
    }

    @Test
    void aClosedStreamFreesItsPlace() throws Exception {
        Deployment running = running();
        for (int i = 0; i < 10; i++) {
            stream(VIEWER, running);
        }
        open.remove(0).close();
        Poll.until(ANSWER, "a place for a new stream", () -> unchecked(() -> stream(VIEWER, running)).statusCode() == 200);
    }

    @Test
    void readinessFailsWhileNoWorkerIsFree() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 12; i++) {
                Infrastructure.getDefaultWorkerPool().execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            HttpResponse<String> ready = get(null, "/q/health/ready");
            assertEquals(503, ready.statusCode(), ready::body);
            assertTrue(ready.body().contains("no worker thread free"), ready.body());
        } finally {
            release.countDown();
        }
        Poll.until(ANSWER, "readiness back up", () -> unchecked(() -> get(null, "/q/health/ready")).statusCode() == 200);
    }

    private static <T> T unchecked(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Deployment running() {
        Instant now = Instant.now();
        Deployment d = new Deployment(DeploymentId.next(now), new AppName("logcap"), new EnvName("staging"),
                ImageRef.parse("registry.example.com/acme/logcap"), "1.0.0", DIGEST, ReleaseId.of(now, DIGEST),
                List.of("deploy@127.0.0.1:22"), DeploymentStatus.RUNNING, now, now, null, "api:test", "test", null);
        store.save(d);
        store.log(d.id(), "stdout", "still running");
        return d;
    }

    /** Opens a log stream and keeps it open (the status line and headers are read, the body stays unread). */
    private HttpResponse<InputStream> stream(String token, Deployment d) throws Exception {
        HttpResponse<InputStream> r = http.sendAsync(request(token, "/api/v1/deployments/" + d.id() + "/log")
                .build(), HttpResponse.BodyHandlers.ofInputStream()).get(ANSWER.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS);
        open.add(r.body());
        return r;
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return http.sendAsync(request(token, path).build(), HttpResponse.BodyHandlers.ofString())
                .get(ANSWER.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    private HttpRequest.Builder request(String token, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(ANSWER);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }
}
