package dev.berth.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.testing.RedisResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 12, through the HTTP API: with {@code approval: {required: true, distinct: true}} the identity that
 * promoted cannot approve; the admin role is needed to promote a quarantined digest or lift a quarantine.
 */
@QuarkusTest
@TestProfile(SeparationOfDutiesTest.Profile.class)
class SeparationOfDutiesTest {

    /** Its own Quarkus run: named tokens and the apps of {@link DutiesStack}. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisResource.class), new TestResourceEntry(DutiesStack.class));
        }
    }

    @Inject
    EnvironmentRecords records;

    @Test
    void thePromoterCannotApproveItsOwnPromotion() {
        Digest digest = verifiedInStaging("duties");
        promote(DutiesStack.ALICE, "duties", digest).statusCode(202).body("waiting", equalTo("approval"));

        approve(DutiesStack.ALICE, "duties").statusCode(403).body("error", containsString("alice requested"));
        approve(DutiesStack.ADMIN, "duties").statusCode(202).body("reason",
                containsString("approved by root-admin"));
    }

    @Test
    void anotherDeployerMayApprove() {
        Digest digest = verifiedInStaging("duties");
        promote(DutiesStack.BOB, "duties", digest).statusCode(202).body("waiting", equalTo("approval"));

        approve(DutiesStack.BOB, "duties").statusCode(403);
        approve(DutiesStack.ALICE, "duties").statusCode(202).body("digest", equalTo(digest.value()));
    }

    @Test
    void plainApprovalRequiredStillLetsThePromoterApprove() {
        Digest digest = verifiedInStaging("sameok");
        promote(DutiesStack.ALICE, "sameok", digest).statusCode(202).body("waiting", equalTo("approval"));

        approve(DutiesStack.ALICE, "sameok").statusCode(202).body("reason", containsString("approved by alice"));
    }

    @Test
    void aDeployerCannotPromoteAQuarantinedDigestButAnAdminCan() {
        Digest digest = verifiedInStaging("sameok");
        records.quarantine(new AppName("sameok"), digest, "rolled back from production");

        promote(DutiesStack.ALICE, "sameok", digest).statusCode(403).body("error", containsString("admin role"));
        assertTrue(records.quarantined(new AppName("sameok"), digest).isPresent(), "still quarantined");

        promote(DutiesStack.ADMIN, "sameok", digest).statusCode(202);
        assertTrue(records.quarantined(new AppName("sameok"), digest).isEmpty(), "the admin's override lifts it");
    }

    @Test
    void onlyAnAdminLiftsAQuarantine() {
        Digest digest = verifiedInStaging("sameok");
        records.quarantine(new AppName("sameok"), digest, "rolled back from production");
        String path = "/api/v1/apps/sameok/quarantine/" + digest.value();

        given().auth().oauth2(DutiesStack.VIEWER).delete(path).then().statusCode(403);
        given().auth().oauth2(DutiesStack.ALICE).delete(path).then().statusCode(403)
                .body("error", equalTo("lifting a quarantine needs the admin role"));
        assertTrue(records.quarantined(new AppName("sameok"), digest).isPresent(), "still quarantined");

        given().auth().oauth2(DutiesStack.ADMIN).delete(path).then().statusCode(200)
                .body("lifted", equalTo(digest.value())).body("by", equalTo("root-admin"));
        assertTrue(records.quarantined(new AppName("sameok"), digest).isEmpty());
        given().auth().oauth2(DutiesStack.ADMIN).delete(path).then().statusCode(404);
    }

    private static io.restassured.response.ValidatableResponse promote(String token, String app, Digest digest) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("digest", digest.value()))
                .post("/api/v1/apps/" + app + "/environments/production/promote").then();
    }

    private static io.restassured.response.ValidatableResponse approve(String token, String app) {
        return given().auth().oauth2(token).post("/api/v1/apps/" + app + "/environments/production/approve").then();
    }

    /** A fresh digest recorded as verified in staging. */
    private Digest verifiedInStaging(String app) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Digest digest = new Digest("sha256:" + HexFormat.of().formatHex(random));
        Instant now = Instant.now();
        records.markGood(new Deployment(DeploymentId.next(now), new AppName(app), new EnvName("staging"),
                ImageRef.parse("registry.example.com/acme/" + app), null, digest, ReleaseId.of(now, digest),
                List.of("deploy@127.0.0.1:1"), DeploymentStatus.SUCCEEDED, now, now, null, "test", "test", null), now);
        return digest;
    }
}
