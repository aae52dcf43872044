package dev.berth.registry;

/** The registry has no such repository, tag or digest (404). Permanent: retrying gives the same answer. */
public final class DigestNotFound extends RegistryException {

    public DigestNotFound(String registry, String repository, String reference, String detail) {
        super(registry, repository, reference, "registry " + registry + " has no manifest for "
                + where(registry, repository, reference) + (detail.isEmpty() ? "" : " (" + detail + ")")
                + ": check that the image was pushed under this repository and tag", null);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
