package dev.berth.promote;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST .../promote} and {@code .../approve} into a gated environment answer with the gate's decision. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(CiGateTest.Stack.class)
class CiGateApiTest {

    private static final String DEPLOYER = "deployer-token-0123456789";

    @Inject
    EnvironmentRecords records;

    @Test
    void promoteWaitsForCi() {
        Digest digest = verifiedInStaging("gated", "0123456789abcdef0123456789abcdef01234567");
        given().auth().oauth2(DEPLOYER).contentType("application/json").body(Map.of("digest", digest.value()))
                .post("/api/v1/apps/gated/environments/production/promote").then().statusCode(202)
                .body("waiting", equalTo("ci")).body("digest", equalTo(digest.value()))
                .body("reason", containsString("waiting for CI"));
    }

    @Test
    void promoteOfAnImageWithoutRevisionIsRefused() {
        Digest digest = verifiedInStaging("gated", null);
        given().auth().oauth2(DEPLOYER).contentType("application/json").body(Map.of("digest", digest.value()))
                .post("/api/v1/apps/gated/environments/production/promote").then().statusCode(409)
                .body(containsString("has no org.opencontainers.image.revision label"));
    }

    @Test
    void approveChecksTheGate() {
        Digest digest = CiGateTest.push("strict", "89abcdef0123456789abcdef0123456789abcdef");
        Instant now = Instant.now();
        records.requestApproval(new AppName("strict"), new EnvName("production"), new EnvironmentRecords.Approval(
                DeploymentId.next(now), digest, null, now, null));
        given().auth().oauth2(DEPLOYER).post("/api/v1/apps/strict/environments/production/approve").then()
                .statusCode(409).body(containsString("does not pass the CI gate of strict/production: waiting for CI"));
    }

    /** Pushes an image labelled {@code sha} and records it as verified in staging. */
    private Digest verifiedInStaging(String app, String sha) {
        Digest digest = CiGateTest.push(app, sha);
        Instant now = Instant.now();
        records.markGood(new Deployment(DeploymentId.next(now), new AppName(app), new EnvName("staging"),
                ImageRef.parse(CiGateStack.registry().host() + "/acme/" + app), null, digest,
                ReleaseId.of(now, digest), List.of("deploy@127.0.0.1:2201"), DeploymentStatus.SUCCEEDED, now, now,
                null, "test", "test", null), now);
        return digest;
    }
}
