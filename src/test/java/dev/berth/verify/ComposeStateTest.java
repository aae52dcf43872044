package dev.berth.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.ServiceName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The services array of {@code berth-agent status} against the services berth pins (web, worker). */
class ComposeStateTest {

    private static final List<ServiceName> PINNED = List.of(new ServiceName("web"), new ServiceName("worker"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "PASS", value = {
        "all running, no health | [{'service':'web','state':'running','health':null},{'service':'worker','state':'running','health':null}] | PASS",
        "running and healthy | [{'service':'web','state':'running','health':'healthy'},{'service':'worker','state':'running','health':null}] | PASS",
        "state case-insensitive | [{'service':'web','state':'Running'},{'service':'worker','state':'RUNNING'}] | PASS",
        "unpinned service down is not judged | [{'service':'web','state':'running'},{'service':'worker','state':'running'},{'service':'redis','state':'exited'}] | PASS",
        "pinned service missing | [{'service':'web','state':'running'}] | service worker has no container",
        "nothing at all | [] | service web has no container",
        "exited | [{'service':'web','state':'exited'},{'service':'worker','state':'running'}] | service web is exited, expected running",
        "one replica of two down | [{'service':'web','state':'running'},{'service':'web','state':'restarting'},{'service':'worker','state':'running'}] | service web is restarting, expected running",
        "unhealthy | [{'service':'web','state':'running','health':'unhealthy'},{'service':'worker','state':'running'}] | service web is running but unhealthy, expected healthy",
        "starting is not healthy yet | [{'service':'web','state':'running'},{'service':'worker','state':'running','health':'starting'}] | service worker is running but starting, expected healthy",
        "no state reported | [{'service':'web'},{'service':'worker','state':'running'}] | service web is in no reported state, expected running",
    })
    void judges(String name, String services, String expected) throws Exception {
        var json = new ObjectMapper().readTree(services.replace('\'', '"'));
        assertEquals(Optional.ofNullable(expected), ComposeState.evaluate(PINNED, json));
    }

    @Test
    void aReplyWithoutServicesIsACheckerError() {
        assertThrows(CheckerError.class, () -> ComposeState.evaluate(PINNED, null));
    }
}
