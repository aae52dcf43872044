package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.RegistryTokenServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the poller asks a registry, against a real Distribution registry with {@code auth: token} (the flow of GitLab's
 * registry and GHCR: basic auth with an access token to the realm, a bearer JWT back) behind a front that pages tag
 * listings as the distribution spec says: every page followed through {@code Link}, a HEAD answered 304 when the
 * manifest's ETag did not change, and every request seen by the pacer.
 */
class RegistryPollingTest {

    @Test
    void tagListingsArePagedAndHeadsAreConditionalOnATokenRegistry() {
        try (RegistryTokenServer tokens = new RegistryTokenServer("gitlab-deploy-token", "gldt-s3cret-read-registry");
                DistributionRegistry registry = new DistributionRegistry().withConfig(tokens.registryConfig())
                        .pushingAs("Bearer " + tokens.jwt("ci", List.of("group/web"), "pull", "push")).start();
                RegistryFront front = new RegistryFront(registry.url()).paginateTags()) {
            String digest = registry.pushImage("group/web", "1.0.0");
            List<String> expected = new ArrayList<>(List.of("1.0.0"));
            for (int i = 1; i <= 24; i++) {
                registry.retag("group/web", "1.0.0", "1.0." + i);
                expected.add("1.0." + i);
            }
            List<String> paced = new CopyOnWriteArrayList<>();
            RegistryPolling polling = new RegistryPolling(RegistrySettings.defaults()
                    .withInsecureHosts(front.host(), tokens.host())
                    .withCredentials(front.host(), "gitlab-deploy-token", "gldt-s3cret-read-registry"), Clock.systemUTC(),
                    new RegistryPacer() {
                        @Override
                        public void after(String host, int status, String retryAfter) {
                            paced.add(host + " " + status);
                        }
                    });
            ImageRef repo = ImageRef.of(front.host(), "group/web");

            List<Tag> tags = polling.tags(repo, 10);
            assertEquals(new HashSet<>(expected), new HashSet<>(tags.stream().map(Tag::value).toList()));
            assertEquals(25, tags.size());
            assertEquals(3, front.seen().stream().filter(s -> s.pathAndQuery().startsWith("/v2/group/web/tags/list")
                    && s.status() == 200).count(), "three pages of ten");

            assertEquals(Digest.of(digest), polling.digest(repo, new Tag("1.0.7")));
            assertEquals(Digest.of(digest), polling.digest(repo, new Tag("1.0.7")));
            List<RegistryFront.Seen> heads = front.seen().stream()
                    .filter(s -> s.method().equals("HEAD") && s.pathAndQuery().endsWith("/manifests/1.0.7")).toList();
            assertEquals(304, heads.get(heads.size() - 1).status(), "the second HEAD was conditional: " + heads);
            assertTrue(paced.stream().allMatch(p -> p.startsWith(front.host() + " ")), paced.toString());
            assertEquals(front.seen().size(), paced.size(), "the pacer saw every request to the registry");
        }
    }
}
