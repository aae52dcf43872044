package dev.berth.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** Fingerprints of SSH public keys in OpenSSH's format. */
public final class HostKeys {

    private HostKeys() {
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the key blob, as {@code ssh-keygen -lf} prints. */
    public static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The SSH name of the key type, such as {@code ssh-ed25519}. */
    public static String type(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }
}
