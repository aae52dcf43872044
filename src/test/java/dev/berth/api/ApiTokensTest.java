package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Token entries {@code token:role[:name]} and the identities they give. */
class ApiTokensTest {

    private static ApiTokens tokens(String... entries) {
        return new ApiTokens(() -> Optional.of(List.of(entries)));
    }

    @Test
    void aNamedTokenIsThatIdentity() {
        ApiTokens t = tokens("0123456789abcdef:deployer:alice", "fedcba9876543210:admin");
        assertEquals(new ApiTokens.Caller("alice", Role.DEPLOYER), t.authenticate("0123456789abcdef").orElseThrow());
        assertEquals(Role.ADMIN, t.authenticate("fedcba9876543210").orElseThrow().role());
        assertFalse(t.authenticate("0123456789abcdef:deployer").isPresent());
    }

    @Test
    void anUnnamedTokenGetsAStableIdentityFromItsHashNotItsPosition() {
        String a = tokens("0123456789abcdef:viewer", "fedcba9876543210:admin").authenticate("fedcba9876543210")
                .orElseThrow().name();
        String b = tokens("fedcba9876543210:admin").authenticate("fedcba9876543210").orElseThrow().name();
        assertEquals(a, b);
        assertTrue(a.matches("token-[0-9a-f]{12}"), a);
        assertFalse(a.contains("fedcba9876543210"));
    }

    @Test
    void aTokenMayContainColons() {
        assertEquals(Role.VIEWER, tokens("abc:def:0123456789abcdef:viewer").authenticate("abc:def:0123456789abcdef")
                .orElseThrow().role());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef:viewer:admin", "0123456789abcdef:deployer:Bad Name",
            "0123456789abcdef:root", "short:viewer", "0123456789abcdef:"})
    void ambiguousOrInvalidEntriesStopTheStart(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tokens(entry));
        assertFalse(e.getMessage().contains("0123456789abcdef"), "the message shows no token: " + e.getMessage());
    }

    @Test
    void twoTokensCannotShareAName() {
        assertThrows(IllegalArgumentException.class,
                () -> tokens("0123456789abcdef:deployer:ops", "fedcba9876543210:viewer:ops"));
    }
}
