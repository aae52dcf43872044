package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.domain.EnvName;

/** Named environments of the test apps. */
final class EnvironmentSpecs {

    private EnvironmentSpecs() {
    }

    static EnvironmentSpec production(AppDefinition app) {
        return app.environment(new EnvName("production")).orElseThrow();
    }
}
