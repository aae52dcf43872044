package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import java.util.Map;
import java.util.Optional;

/**
 * The container registry, seen from berth: it pins a tag to the digest the registry serves for it. Blocking: call it
 * from worker threads, never from the event loop. Failures are {@link RegistryException} subclasses whose
 * {@link RegistryException#isTransient()} alone decides whether a caller retries later.
 */
public interface RegistryClient {

    /**
     * Resolves {@code repository:tag} to the manifest digest. For a multi-arch image the tag points at the index (OCI
     * image index or Docker manifest list), so the answer is the index digest, never a platform manifest's digest.
     */
    Resolved resolve(ImageRef repository, Tag tag);

    /**
     * Reads the labels of the image config (for example {@code org.opencontainers.image.revision}) of a pinned digest;
     * for an index, of its linux/amd64 entry, or of its first entry when there is none. Empty when the image has none.
     */
    Map<String, String> labels(ImageRef repository, Digest digest);

    /**
     * Resolves the tag and compares the answer with the digest an event claimed (a webhook payload). The registry is
     * the truth: the result carries the registry's digest, and says whether the claim differed.
     */
    default Confirmation confirm(ImageRef repository, Tag tag, Optional<Digest> claimed) {
        return Confirmation.of(resolve(repository, tag).digest(), claimed);
    }
}
