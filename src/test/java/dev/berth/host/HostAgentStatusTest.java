package dev.berth.host;

import static dev.berth.host.AgentFixture.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** status JSON, the per app/env lock, the config file and podman-compose handling of the host agent. */
class HostAgentStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** docker compose ≥ 2.21 prints one object per line; podman's own fields (Labels, Status) are read too. */
    private static final String PS_LINES = """
            {"Name":"web-staging-web-1","Service":"web","Image":"localhost:5000/acme/web@sha256:ab","State":"running","Health":"healthy","Publishers":[{"URL":"127.0.0.1","TargetPort":8080}],"Labels":"a=b"}
            {"Name":"web-staging-db-1","Service":"db","Image":"postgres:16 \\"x\\"","State":"exited","Health":""}
            """;

    @TempDir
    Path tmp;

    @BothShells
    void statusIsOneLineOfJson(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(2, 1);
        f.ok(f.run("activate", "--release", release(1)));
        f.ok(f.run("mark-good", "--release", release(1)));
        f.compose.psOutput(PS_LINES);

        String out = f.ok(f.run("status")).out();
        assertEquals(1, out.lines().count(), out);
        JsonNode status = JSON.readTree(out);
        assertEquals("1", status.get("agent").asText());
        assertEquals("staging", status.get("env").asText());
        assertEquals(release(1), status.get("current").asText());
        assertTrue(status.get("previous").isNull());
        assertEquals(release(1), status.get("knownGood").asText());
        assertEquals(List.of(release(1), release(2)), JSON.convertValue(status.get("releases"), List.class));
        JsonNode services = status.get("services");
        assertEquals(2, services.size(), out);
        assertEquals("web", services.get(0).get("service").asText());
        assertEquals("healthy", services.get(0).get("health").asText());
        assertEquals("exited", services.get(1).get("state").asText());
        assertEquals("postgres:16 \"x\"", services.get(1).get("image").asText());
        assertTrue(services.get(1).get("health").isNull());
    }

    @BothShells
    void statusReadsAComposeArrayAndPodmanLabels(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.compose.psOutput("""
                [{"Id":"1","Image":"localhost/acme/web@sha256:ab","Labels":{"com.docker.compose.service":"web",
                "io.podman.compose.project":"web-staging"},"Names":["web-staging_web_1"],"State":"running",
                "Status":"Up 3 seconds ago (starting)","Ports":[{"host_port":8080}]}]
                """);
        JsonNode status = JSON.readTree(f.ok(f.run("status")).out());
        assertTrue(status.get("current").isNull(), "nothing deployed yet");
        assertEquals(0, status.get("releases").size());
        JsonNode web = status.get("services").get(0);
        assertEquals("web", web.get("service").asText());
        assertEquals("running", web.get("state").asText());
        assertEquals("starting", web.get("health").asText());
    }

    @BothShells
    void statusWithoutComposeStillAnswers(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1);
        f.agent.env("BERTH_COMPOSE", "/nonexistent/docker compose");
        JsonNode status = JSON.readTree(f.ok(f.run("status")).out());
        assertEquals(0, status.get("services").size());
        assertTrue(status.get("composeError").asText().contains("not found"), status.toString());
        assertEquals(1, status.get("releases").size());
    }

    @BothShells
    void aSecondOperationWaitsForTheLockAndGivesUpWithExit6(String shell) throws Exception {
        for (String lock : List.of("flock", "mkdir")) {
            AgentFixture f = new AgentFixture(shell, tmp.resolve(lock));
            f.agent.env("BERTH_AGENT_LOCK", lock).env("BERTH_LOCK_TIMEOUT", "0");
            f.prepared(1, 2);
            f.compose.write("block", "");
            Process first = f.agent.start(null, "activate", "--root", f.root.toString(), "--app", "web", "--env",
                    "staging", "--release", release(1));
            Poll.until(Duration.ofSeconds(30), "first activation inside compose", () -> Files.exists(f.compose.blockedFile()));

            AgentRun.Result second = f.run("activate", "--release", release(2));
            assertEquals(6, second.exit(), lock + ": " + second);
            assertTrue(second.err().contains("lock"), second.err());

            Files.delete(f.compose.blockFile());
            f.ok(f.agent.await(first));
            f.ok(f.run("activate", "--release", release(2)));
            assertEquals("releases/" + release(2), f.current());
        }
    }

    @BothShells
    void theComposeCommandComesFromTheConfigFileAndIsValidated(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1);
        Path config = tmp.resolve("agent.env");
        Files.writeString(config, "# berth agent\nBERTH_COMPOSE=\"" + f.compose.command() + "\"\nOTHER=1\n");
        f.agent.env("BERTH_COMPOSE", "").env("BERTH_AGENT_CONFIG", config.toString());
        f.ok(f.run("activate", "--release", release(1)));
        assertEquals(1, f.compose.calls().size());

        Files.writeString(config, "BERTH_COMPOSE=docker compose; touch " + tmp.resolve("pwned") + "\n");
        AgentRun.Result bad = f.run("activate", "--release", release(1));
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("BERTH_COMPOSE"), bad.err());
        assertTrue(Files.notExists(tmp.resolve("pwned")));
    }

    @BothShells
    void podmanComposeIsRecreatedAndItsHiddenFailuresAreCaught(String shell) {
        AgentFixture f = new AgentFixture(shell, tmp, "podman-compose");
        f.prepared(1, 2);
        f.ok(f.run("activate", "--release", release(1)));
        f.compose.failPodmanStyle(release(2));
        AgentRun.Result failed = f.run("activate", "--release", release(2));
        assertEquals(4, failed.exit(), failed::toString);
        assertEquals("releases/" + release(1), f.current());
        String files = "|-p web-staging -f compose.yaml -f compose.pin.yaml ";
        assertEquals(List.of(
                release(1) + files + "up -d --force-recreate --remove-orphans",
                release(1) + files + "down",
                release(2) + files + "up -d --force-recreate --remove-orphans",
                release(2) + files + "down",
                release(1) + files + "up -d --force-recreate --remove-orphans"), f.compose.calls());
    }
}
