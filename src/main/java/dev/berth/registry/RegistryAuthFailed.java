package dev.berth.registry;

/**
 * The registry refused berth's credentials, or asked for credentials berth does not have (401 or 403 after
 * authenticating). Permanent until an operator changes the configuration.
 */
public final class RegistryAuthFailed extends RegistryException {

    public RegistryAuthFailed(String registry, String repository, String reference, String detail) {
        super(registry, repository, reference, "registry " + registry + " refused access to "
                + where(registry, repository, reference) + ": " + detail + "; set berth.registry.auth.\"" + registry
                + "\".username and .password to an account that can pull " + repository
                + " (some registries also answer this way for a repository that does not exist)", null);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
