package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.berth.testing.OpenSshResource;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sshj transport is the default HostTransport bean, configured from berth.ssh.* properties. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = OpenSshResource.class, restrictToAnnotatedClass = true)
class HostTransportBeanTest {

    @Inject
    HostTransport transport;

    @Test
    void runsACommandThroughTheConfiguredBean() {
        assertInstanceOf(SshjTransport.class, transport);
        HostTarget host = HostTarget.of(HostAddress.parse(OpenSshResource.server().address()));
        assertEquals(List.of("from quarkus"), transport.exec(host, List.of("echo", "from quarkus")).stdout());
    }
}
