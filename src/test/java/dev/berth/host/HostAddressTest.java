package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostAddressTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            deploy@10.0.0.5:22           | deploy | 10.0.0.5        | 22    | deploy@10.0.0.5:22
            deploy@10.0.0.5              | deploy | 10.0.0.5        | 22    | deploy@10.0.0.5:22
            _svc@web-1.example.com:2222  | _svc   | web-1.example.com | 2222 | _svc@web-1.example.com:2222
            ops@Host.Example.COM         | ops    | host.example.com | 22   | ops@host.example.com:22
            deploy@localhost:65535       | deploy | localhost       | 65535 | deploy@localhost:65535
            deploy@[2001:db8::5]:22      | deploy | 2001:db8::5     | 22    | deploy@[2001:db8::5]:22
            deploy@[::1]                 | deploy | ::1             | 22    | deploy@[::1]:22
            a-b_c@h1                     | a-b_c  | h1              | 22    | a-b_c@h1:22
            """)
    void parsesValidAddresses(String input, String user, String host, int port, String printed) {
        HostAddress address = HostAddress.parse(input);
        assertEquals(new HostAddress(user, host, port), address);
        assertEquals(printed, address.toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "10.0.0.5", "@10.0.0.5", "Deploy@h", "1user@h", "de ploy@h", "deploy@",
            "deploy@h:", "deploy@h:0", "deploy@h:65536", "deploy@h:022", "deploy@h:22x", "deploy@h:-1",
            "deploy@256.0.0.1", "deploy@10.0.0", "deploy@1.2.3.4.5", "deploy@-h", "deploy@h-", "deploy@h..x",
            "deploy@h_x", "deploy@2001:db8::5", "deploy@[2001:db8::g]", "deploy@[example.com]", "deploy@[::1",
            "deploy@h;rm -rf /", "deploy@$(id)", "deploy@h\n", "a@b@c", "averyveryveryverylongusernamethatis33@h",
            "deploy@[fe80::1%eth0]"})
    void refusesInvalidAddresses(String input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostAddress.parse(input));
        assertTrue(e.getMessage().startsWith("invalid SSH"), e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(IllegalArgumentException.class, () -> HostAddress.parse(null));
    }

    @Test
    void pinnedFingerprintsMustLookLikeSshKeygenOutput() {
        HostAddress address = HostAddress.parse("deploy@10.0.0.5");
        String valid = "SHA256:cFFI3Tm5aR+NEZYo3RCHIMif04F+kJnUPQjlXVF9HN8";
        assertEquals(Optional.of(valid), HostTarget.pinned(address, valid).pinnedHostKey());
        assertEquals(Optional.empty(), new HostTarget(address, null).pinnedHostKey());
        for (String bad : new String[] {"", "cFFI3Tm5aR+NEZYo3RCHIMif04F+kJnUPQjlXVF9HN8",
                "SHA256:cFFI3Tm5aR+NEZYo3RCHIMif04F+kJnUPQjlXVF9HN8=",
                "SHA256:cFFI3Tm5aR+NEZYo3RCHIMif04F+kJnUPQjlXVF9HN",
                "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
                "sha256:cFFI3Tm5aR+NEZYo3RCHIMif04F+kJnUPQjlXVF9HN8",
                "SHA256:cFFI3Tm5aR+NEZYo3RCHIMif04F+kJnUPQjlXVF9HN9"}) {
            assertThrows(IllegalArgumentException.class, () -> HostTarget.pinned(address, bad), bad);
        }
    }
}
