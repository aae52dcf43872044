package dev.berth.host;

import dev.berth.domain.Printable;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where to log in: {@code user@host:port} as written in app.yaml ({@code ssh: deploy@10.0.0.5:22}). The host is a DNS
 * name, an IPv4 address or a bracketed IPv6 address ({@code deploy@[2001:db8::5]:22}); the port defaults to 22.
 * The grammar is strict so that no surprising value ever reaches a socket, a log line or a known_hosts lookup.
 *
 * @param host the DNS name (lowercase), IPv4 address or IPv6 address (without brackets)
 */
public record HostAddress(String user, String host, int port) {

    public static final int DEFAULT_PORT = 22;

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern FORM = Pattern.compile(
            "([^@]*)@(\\[[^\\]]*\\]|[^:\\[\\]]*)(?::([0-9]*))?");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
    private static final Pattern NUMERIC_DOTTED = Pattern.compile("[0-9.]+");

    public HostAddress {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("invalid SSH user '" + Printable.clip(user)
                    + "': expected a POSIX login name ([a-z_][a-z0-9_-]{0,31})");
        }
        host = checkHost(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid SSH port " + port + ": expected 1 to 65535");
        }
    }

    /** Parses {@code user@host}, {@code user@host:port} or {@code user@[ipv6]:port}; the error names what is wrong. */
    public static HostAddress parse(String value) {
        Matcher m = value == null ? null : FORM.matcher(value);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("invalid SSH address '" + Printable.clip(value)
                    + "': expected user@host or user@host:port (IPv6 as user@[address]:port)");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
            if (!isIpv6(host.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("invalid SSH address '" + Printable.clip(value)
                        + "': only an IPv6 address may be written in brackets");
            }
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("invalid SSH address '" + Printable.clip(value)
                    + "': write an IPv6 address in brackets, user@[address]:port");
        }
        return new HostAddress(m.group(1), host, port(value, m.group(3)));
    }

    private static int port(String value, String digits) {
        if (digits == null) {
            return DEFAULT_PORT;
        }
        if (!digits.matches("[1-9][0-9]{0,4}") || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("invalid SSH address '" + Printable.clip(value)
                    + "': the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(digits);
    }

    private static String checkHost(String host) {
        String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (IPV4.matcher(lower).matches() || isIpv6(lower) || isDnsName(lower)) {
            return lower;
        }
        throw new IllegalArgumentException("invalid SSH host '" + Printable.clip(host)
                + "': expected a DNS name, an IPv4 address or an IPv6 address");
    }

    private static boolean isDnsName(String host) {
        if (host.isEmpty() || host.length() > 253 || NUMERIC_DOTTED.matcher(host).matches()) {
            return false; // an all-numeric name that is not a valid IPv4 address is a typo, not a host
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String host) {
        if (host.length() > 45 || !IPV6_CHARS.matcher(host).matches()) {
            return false;
        }
        try {
            // Only hex digits, ':' and '.': InetAddress parses it as a literal and never asks DNS.
            return InetAddress.getByName(host) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code user@host:port}, with brackets around an IPv6 host. */
    @Override
    public String toString() {
        return user + "@" + hostAndPort();
    }

    /** {@code host:port} (IPv6 in brackets), for messages. */
    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
