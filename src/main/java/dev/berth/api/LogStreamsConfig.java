package dev.berth.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the live log streams ({@code GET /api/v1/deployments/{id}/log}); beyond them the API answers 429. */
@ConfigMapping(prefix = "berth.api.log-streams")
public interface LogStreamsConfig {

    /** Log streams one API identity (token) may hold open at once. */
    @WithDefault("8")
    int maxPerToken();

    /** Log streams berth serves at once, all identities together. */
    @WithDefault("64")
    int maxTotal();
}
