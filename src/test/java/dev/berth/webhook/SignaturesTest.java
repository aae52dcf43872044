package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    /** GitHub's published test vector (docs: validating webhook deliveries). */
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubTestVectorVerifies() {
        assertEquals(SIGNATURE.substring(7), Signatures.hmacSha256Hex(SECRET, BODY));
        assertTrue(Signatures.verifyGitHub(List.of(SECRET), BODY, SIGNATURE));
    }

    @Test
    void anyOfTwoSecretsVerifiesDuringRotation() {
        assertTrue(Signatures.verifyGitHub(List.of("new-secret", SECRET), BODY, SIGNATURE));
        assertTrue(Signatures.verifyGitHub(List.of(SECRET, "new-secret"), BODY, SIGNATURE));
        assertFalse(Signatures.verifyGitHub(List.of("new-secret", "other"), BODY, SIGNATURE));
    }

    @Test
    void aChangedBodyDoesNotVerify() {
        assertFalse(Signatures.verifyGitHub(List.of(SECRET), "Hello, World?".getBytes(StandardCharsets.UTF_8),
                SIGNATURE));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "sha256=", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
    void malformedHeadersDoNotVerify(String header) {
        assertFalse(Signatures.verifyGitHub(List.of(SECRET), BODY, header));
    }

    @Test
    void tokensCompareWholeValues() {
        assertTrue(Signatures.tokenMatches("s3cret", "s3cret"));
        assertFalse(Signatures.tokenMatches("s3cret", "s3cre"));
        assertFalse(Signatures.tokenMatches("s3cret", "s3cret "));
        assertFalse(Signatures.tokenMatches("s3cret", null));
    }
}
