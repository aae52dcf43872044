package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.Digest;
import dev.berth.domain.ReleaseId;
import dev.berth.domain.ServiceName;
import dev.berth.host.ExecResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What counts as drift on one host, from the agent's status line to the differences berth reports. */
class DriftRulesTest {

    static final String D1 = "sha256:" + "d1".repeat(32);
    static final String D2 = "sha256:" + "d2".repeat(32);
    static final String R1 = "20250101T120000Z-d1d1d1d1d1d1";
    static final String R2 = "20250102T120000Z-d2d2d2d2d2d2";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            clean                         | "R1" | web,reg/web@D1,running;db,postgres:16,running | ''
            current switched              | "R2" | web,reg/web@D1,running | current release is R2, expected R1
            no current                    | null | web,reg/web@D1,running | no current release, expected R1
            other digest                  | "R1" | web,reg/web@D2,running | service web runs reg/web@D2, expected D1
            stopped                       | "R1" | web,reg/web@D1,exited  | service web is exited, expected running
            no container                  | "R1" | db,postgres:16,running | service web has no container
            tag without digest not judged | "R1" | web,reg/web:1.0,running | ''
            untracked service not judged  | "R1" | web,reg/web@D1,running;db,postgres:16,exited | ''
            second replica on old digest  | "R1" | web,reg/web@D1,running;web,reg/web@D2,running | service web runs reg/web@D2, expected D1
            """)
    void differences(String name, String current, String containers, String expected) {
        HostStatus status = HostStatus.parse(new ExecResult(0, List.of(statusLine(current, containers)), List.of()));
        List<String> got = DriftRules.differences(new ReleaseId(R1), new Digest(D1), List.of(new ServiceName("web")),
                status);
        assertEquals(expected.isEmpty() ? List.of() : List.of(expand(expected)), got);
    }

    @Test
    void aComposeErrorLeavesOnlyTheReleaseJudged() {
        HostStatus status = HostStatus.parse(new ExecResult(0, List.of("{\"agent\":\"1\",\"current\":\"" + R2
                + "\",\"services\":[],\"composeError\":\"compose command 'docker' not found\"}"), List.of()));
        assertEquals(List.of("current release is " + R2 + ", expected " + R1), DriftRules.differences(
                new ReleaseId(R1), new Digest(D1), List.of(new ServiceName("web")), status));
        assertTrue(status.composeError().orElseThrow().contains("not found"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3 | ''                                   | berth-agent: root /x does not exist | exited with status 3
            0 | 'not json'                           | ''                                  | is not JSON
            0 | '{"agent":"1"}'                      | ''                                  | without current and services
            0 | '{"current":"../etc","services":[]}' | ''                                  | invalid current release
            """)
    void unreadableAnswersAreCheckerErrors(int exit, String stdout, String stderr, String message) {
        DriftCheckFailed e = assertThrows(DriftCheckFailed.class, () -> HostStatus.parse(new ExecResult(exit,
                List.of(stdout), List.of(stderr))));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** The agent's status line for {@code current} (a quoted id or null) and {@code service,image,state;...}. */
    static String statusLine(String current, String containers) {
        StringBuilder services = new StringBuilder();
        for (String c : containers.split(";")) {
            String[] p = expand(c).split(",");
            services.append(services.isEmpty() ? "" : ",").append("{\"service\":\"").append(p[0])
                    .append("\",\"image\":\"").append(p[1]).append("\",\"state\":\"").append(p[2])
                    .append("\",\"health\":null}");
        }
        return "{\"agent\":\"1\",\"app\":\"web\",\"env\":\"staging\",\"current\":" + expand(current)
                + ",\"previous\":null,\"knownGood\":null,\"releases\":[],\"services\":[" + services + "]}";
    }

    private static String expand(String s) {
        return s.replace("R1", R1).replace("R2", R2).replace("D1", D1).replace("D2", D2);
    }
}
