package dev.berth.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Constant-time checks of webhook credentials. A fresh {@link Mac} per call: Mac instances are not thread-safe. */
public final class Signatures {

    private static final String PREFIX = "sha256=";

    private Signatures() {
    }

    /** HMAC-SHA256 of the raw body with {@code secret}, as lowercase hex. */
    public static String hmacSha256Hex(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /**
     * True when {@code header} ({@code sha256=<hex>}) is the HMAC-SHA256 of {@code body} under any of the secrets.
     * Every secret is tried, whether or not an earlier one matched, so timing tells nothing about which one did.
     */
    public static boolean verifyGitHub(List<String> secrets, byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (String secret : secrets) {
            ok |= MessageDigest.isEqual(hmac(secret.getBytes(StandardCharsets.UTF_8), body), given);
        }
        return ok;
    }

    /** Constant-time equality of a presented token with the configured one. */
    public static boolean tokenMatches(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
