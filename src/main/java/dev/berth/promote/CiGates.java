package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.CiGate;
import dev.berth.domain.Digest;
import dev.berth.domain.Printable;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a digest may pass the CI gate of an environment: reads the image's source commit (the OCI label
 * {@value #REVISION} of its config, at the registry) and the workflow runs GitHub reported for that commit. Blocking
 * (registry HTTP, Redis): call it from worker threads.
 */
@ApplicationScoped
public class CiGates {

    /** The OCI annotation, set as an image label by the build, that names the commit the image was built from. */
    public static final String REVISION = "org.opencontainers.image.revision";

    /** The verdict, and the commit it is about (null when the image names no usable commit). */
    public record Gated(CiVerdict verdict, String sha) {
    }

    private final RegistryClient registry;
    private final CiRuns runs;

    public CiGates(RegistryClient registry, CiRuns runs) {
        this.registry = registry;
        this.runs = runs;
    }

    /** The verdict of {@code gate} on {@code digest} of the app's image. */
    public Gated check(AppDefinition app, CiGate gate, Digest digest) {
        String image = app.image().repository() + "@" + digest;
        Map<String, String> labels;
        try {
            labels = registry.labels(app.image(), digest);
        } catch (RegistryException e) {
            return refused("cannot read the labels of " + image + " at the registry (" + e.getMessage()
                    + "); promote again when the registry answers");
        }
        String label = labels.get(REVISION);
        if (label == null || label.isBlank()) {
            return refused(image + " has no " + REVISION + " label, so berth cannot tell which commit CI must have"
                    + " passed: set the label when building the image (docker build --label " + REVISION
                    + "=$GITHUB_SHA, or docker/metadata-action)");
        }
        Optional<String> sha = CiRuns.sha(label);
        if (sha.isEmpty()) {
            return refused(image + " has " + REVISION + " '" + Printable.clip(label) + "', not a full commit id"
                    + " (40 or 64 hexadecimal characters)");
        }
        return new Gated(CiVerdict.of(gate, sha.get(), runs.runs(gate.repository(), sha.get())), sha.get());
    }

    private static Gated refused(String reason) {
        return new Gated(new CiVerdict(CiVerdict.Status.FAILED, reason), null);
    }
}
