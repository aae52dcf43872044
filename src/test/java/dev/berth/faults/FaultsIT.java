package dev.berth.faults;

import org.junit.jupiter.api.condition.EnabledIf;

/** The fault scenarios (2, 3, 8 of issue 11) with berth as child processes, on otherwise idle cores. */
@EnabledIf("dev.berth.testing.Podman#available")
class FaultsIT extends FaultScenarios {

    @Override
    boolean busyCores() {
        return false;
    }
}
