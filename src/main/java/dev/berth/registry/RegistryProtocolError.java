package dev.berth.registry;

/**
 * The registry answered something berth cannot use: an unexpected status, a manifest that is not JSON, or bytes
 * that do not hash to the digest they were served under. Permanent: the registry or a proxy in front of it is
 * misbehaving, or the configuration points at something that is not a registry.
 */
public final class RegistryProtocolError extends RegistryException {

    public RegistryProtocolError(String registry, String repository, String reference, String detail) {
        super(registry, repository, reference, "registry " + registry + " gave an unusable answer for "
                + where(registry, repository, reference) + ": " + detail
                + "; check that berth talks to the registry directly (no rewriting proxy) and that it speaks the "
                + "OCI distribution API", null);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
