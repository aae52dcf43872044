package dev.berth.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.config.CiGate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verdict of a CI gate for each combination of named workflows and reported conclusions. */
class CiVerdictTest {

    private static final String SHA = "3484a3fb816e0859fd6e1cea078d76385ff50625";

    @ParameterizedTest(name = "workflows [{0}], runs [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
                         |                                     | WAITING | waiting for CI: no successful workflow run for acme/web@3484a3fb816e yet
                         | lint=failure                        | FAILED  | CI failed for acme/web@3484a3fb816e: lint (failure)
                         | lint=failure, build=success         | PASSED  | a workflow run succeeded for acme/web@3484a3fb816e
                         | build=cancelled                     | WAITING | waiting for CI: no successful workflow run for acme/web@3484a3fb816e yet
            build, test  | build=success                       | WAITING | waiting for CI: no successful run of test for acme/web@3484a3fb816e yet
            build, test  | build=success, test=success         | PASSED  | workflows build, test succeeded for acme/web@3484a3fb816e
            build, test  | build=success, test=timed_out       | FAILED  | CI failed for acme/web@3484a3fb816e: test (timed_out)
            build, test  | build=success, test=skipped         | WAITING | waiting for CI: no successful run of test for acme/web@3484a3fb816e yet
            build, test  | build=success, test=success, lint=failure | PASSED | workflows build, test succeeded for acme/web@3484a3fb816e
            build        | Build=success                       | WAITING | waiting for CI: no successful run of build for acme/web@3484a3fb816e yet
            """)
    void verdict(String workflows, String runs, CiVerdict.Status status, String reason) {
        CiGate gate = new CiGate("acme/web", workflows == null ? List.of()
                : Arrays.stream(workflows.split(",")).map(String::strip).toList());
        Map<String, String> reported = new LinkedHashMap<>();
        if (runs != null) {
            for (String run : runs.split(",")) {
                String[] kv = run.strip().split("=");
                reported.put(kv[0], kv[1]);
            }
        }
        assertEquals(new CiVerdict(status, reason), CiVerdict.of(gate, SHA, reported));
    }
}
