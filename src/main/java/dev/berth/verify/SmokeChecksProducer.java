package dev.berth.verify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The smoke checks the verification uses: the environment checker over HTTP and SSH. */
@ApplicationScoped
public class SmokeChecksProducer {

    @Produces
    @ApplicationScoped
    SmokeChecks smokeChecks(EnvironmentChecker checker) {
        return checker::check;
    }
}
