package dev.berth.faults;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Scenario 7 of issue 11: the same fault scenarios while two competing processes keep both cores busy
 * ({@code sh -c 'while :; do :; done'}, killed by their pid at the end).
 */
@EnabledIf("dev.berth.testing.Podman#available")
class FaultsBusyCoresIT extends FaultScenarios {

    @Override
    boolean busyCores() {
        return true;
    }
}
