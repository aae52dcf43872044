package dev.berth.verify;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;

/** Runs one round of an environment's smoke checks and folds them into one result. */
@FunctionalInterface
public interface SmokeChecks {

    CheckResult check(AppDefinition app, EnvironmentSpec env);
}
