package dev.berth.config;

import dev.berth.domain.Printable;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One host of an environment. {@code ssh} is kept as written ({@code deploy@10.0.0.5:22}) beside its parsed parts.
 * Every part is checked against a strict grammar here, because all of them reach SSH and the host agent.
 *
 * @param ssh     {@code user@host[:port]}; host is a DNS name, an IPv4 address or an {@code [IPv6]} literal
 * @param user    {@code [a-z_][a-z0-9_-]{0,31}}
 * @param host    lowercase DNS name, IPv4 address, or IPv6 address (without brackets)
 * @param port    1 to 65535, 22 when not written
 * @param hostKey pinned host key fingerprint, {@code SHA256:} and 43 base64 characters without padding
 * @param root    absolute directory of berth's releases on the host, {@code /opt/apps} by default
 */
public record HostSpec(String ssh, String user, String host, int port, Optional<String> hostKey, String root) {

    public static final String DEFAULT_ROOT = "/opt/apps";
    public static final int DEFAULT_PORT = 22;

    private static final Pattern SSH = Pattern.compile("([^@]+)@(\\[[^\\]]*\\]|[^:@\\[\\]]+)(?::([0-9]{1,5}))?");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern DNS = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final Pattern HOST_KEY = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    private static final Pattern ROOT = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    public HostSpec {
        if (ssh == null || user == null || host == null || hostKey == null || root == null) {
            throw new IllegalArgumentException("a host needs ssh, user, host, hostKey (may be empty) and root");
        }
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user '" + Printable.clip(user) + "' is not [a-z_][a-z0-9_-]{0,31}");
        }
        checkHost(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not from 1 to 65535");
        }
        hostKey.ifPresent(HostSpec::checkHostKey);
        checkRoot(root);
    }

    /** Parses {@code user@host[:port]} with an optional pinned key and root ({@code null}: default). */
    public static HostSpec parse(String ssh, String hostKey, String root) {
        Matcher m = ssh == null ? null : SSH.matcher(ssh);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + Printable.clip(ssh) + "' is not user@host[:port]");
        }
        String rawHost = m.group(2);
        String host = rawHost.startsWith("[") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        if (rawHost.startsWith("[") != host.contains(":")) {
            throw new IllegalArgumentException("'" + Printable.clip(ssh)
                    + "' is not user@host[:port] (write an IPv6 address in brackets: user@[::1]:22)");
        }
        int port = m.group(3) == null ? DEFAULT_PORT : Integer.parseInt(m.group(3));
        return new HostSpec(ssh, m.group(1), host.toLowerCase(Locale.ROOT), port,
                Optional.ofNullable(hostKey), root == null ? DEFAULT_ROOT : root);
    }

    /** {@code host:port} for logs and host-key lookups ({@code [v6]:port} for IPv6). */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void checkHost(String host) {
        boolean ok;
        if (host.contains(":")) {
            ok = IPV6.matcher(host).matches() && isIpv6Literal(host);
        } else if (host.matches("[0-9.]+")) {
            ok = IPV4.matcher(host).matches() && java.util.Arrays.stream(host.split("\\."))
                    .allMatch(part -> part.length() <= 3 && Integer.parseInt(part) <= 255);
        } else {
            ok = DNS.matcher(host).matches();
        }
        if (!ok) {
            throw new IllegalArgumentException("host '" + Printable.clip(host)
                    + "' is not a DNS name, an IPv4 address or an [IPv6] address");
        }
    }

    /** A literal with ':' never causes a DNS lookup: the JDK parses it or refuses it. */
    private static boolean isIpv6Literal(String host) {
        try {
            return java.net.InetAddress.getByName("[" + host + "]") instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static String checkHostKey(String key) {
        if (!HOST_KEY.matcher(key).matches()
                || Base64.getDecoder().decode(key.substring("SHA256:".length()) + "=").length != 32) {
            throw new IllegalArgumentException("'" + Printable.clip(key)
                    + "' is not a SHA256 host key fingerprint "
                    + "(SHA256: and 43 base64 characters, as ssh-keygen -lf prints)");
        }
        return key;
    }

    static String checkRoot(String root) {
        if (!root.startsWith("/")) {
            throw new IllegalArgumentException("'" + Printable.clip(root) + "' is not an absolute path");
        }
        if (root.length() > 200 || !ROOT.matcher(root).matches()) {
            throw new IllegalArgumentException("'" + Printable.clip(root)
                    + "' is not an absolute path of [A-Za-z0-9._-] segments (at most 200 characters, no trailing /)");
        }
        for (String segment : root.substring(1).split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("'" + Printable.clip(root) + "' must not contain '" + segment
                        + "' segments");
            }
        }
        return root;
    }

    /** The SSH target of this host: its address, with the pinned host key when app.yaml gives one. */
    public dev.berth.host.HostTarget target() {
        return new dev.berth.host.HostTarget(dev.berth.host.HostAddress.parse(ssh), hostKey);
    }
}
