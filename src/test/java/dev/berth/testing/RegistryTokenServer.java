package dev.berth.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker-token-spec authorization server for a real Distribution registry configured with {@code auth: token}: it
 * issues RS256 JWTs whose {@code x5c} header carries a self-signed certificate that is also the registry's
 * {@code rootcertbundle}. The key and certificate are made with the {@code openssl} CLI. Anonymous requests get pull
 * access to repositories under {@code public/}; one account gets what it asks for.
 */
public final class RegistryTokenServer implements AutoCloseable {

    public static final String SERVICE = "berth-test-registry";
    public static final String ISSUER = "berth-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String username;
    private final String password;
    private final PrivateKey key;
    private final String certificate;
    private final HttpServer server;
    private final AtomicInteger issued = new AtomicInteger();

    public RegistryTokenServer(String username, String password) {
        this.username = username;
        this.password = password;
        try {
            dir = Files.createTempDirectory("berth-token-");
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
                    "-days", "2", "-subj", "/CN=berth-test-token", "-keyout", dir.resolve("key.pem").toString(),
                    "-out", dir.resolve("cert.pem").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
            }
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(dir.resolve("key.pem"))));
            certificate = Base64.getEncoder().encodeToString(CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(dir.resolve("cert.pem"))).getEncoded());
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the token server", e);
        }
        server.createContext("/token", this::token);
        server.start();
    }

    /** The {@code auth:} section of the registry's config that trusts this server. */
    public String registryConfig() {
        return "auth:\n  token:\n    realm: " + realm() + "\n    service: " + SERVICE + "\n    issuer: " + ISSUER
                + "\n    rootcertbundle: " + dir.resolve("cert.pem") + "\n";
    }

    public String realm() {
        return "http://" + host() + "/token";
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many tokens were issued. */
    public int issued() {
        return issued.get();
    }

    /**
     * A signed token granting {@code actions} on each of {@code repositories} (Distribution matches names exactly, no
     * wildcards), e.g. for {@code DistributionRegistry#pushingAs("Bearer " + jwt(...))}.
     */
    public String jwt(String subject, List<String> repositories, String... actions) {
        List<Map<String, Object>> access = new ArrayList<>();
        for (String repository : repositories) {
            access.add(Map.of("type", "repository", "name", repository, "actions", List.of(actions)));
        }
        return sign(subject, access);
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String subject = "";
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                byte[] expected = ("Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
                if (!MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                subject = username;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                String value = URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
                if (pair.startsWith("scope=")) {
                    String name = value.substring(value.indexOf(':') + 1, value.lastIndexOf(':'));
                    List<String> actions = subject.isEmpty()
                            ? (name.startsWith("public/") ? List.of("pull") : List.of())
                            : List.of(value.substring(value.lastIndexOf(':') + 1).split(","));
                    access.add(Map.of("type", "repository", "name", name, "actions", actions));
                } else if (pair.startsWith("service=") && !value.equals(SERVICE)) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("token", sign(subject, access), "expires_in", 300));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            issued.incrementAndGet();
        }
    }

    private String sign(String subject, List<Map<String, Object>> access) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        try {
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signed = url.encodeToString(JSON.writeValueAsBytes(Map.of("typ", "JWT", "alg", "RS256",
                    "x5c", List.of(certificate)))) + "." + url.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + url.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static byte[] pem(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
