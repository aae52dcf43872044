package dev.berth.testing;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket to the berth under test, written by hand: headers now, body bytes when the
 * test says. It can declare a length and send nothing, which no HTTP client does, to show what a server answers
 * before it has read a body. A read that gets no answer fails after {@code READ_TIMEOUT_MS} (a deadline, not a
 * timing assertion: the expected answers come at once).
 */
public final class RawSocket implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens a connection and writes the request line and headers of a POST. */
    public static RawSocket post(String path, Map<String, String> headers) throws IOException {
        URI base = URI.create(RestAssured.baseURI);
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), RestAssured.port), 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        RawSocket raw = new RawSocket(socket);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        raw.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        return raw;
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the answer's head (status line and headers) and as much of its body as its Content-Length says. */
    public Answer answer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        if (text.isEmpty()) {
            throw new IOException("the connection closed without an answer");
        }
        String[] lines = text.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        java.util.Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Status, headers (case-insensitive) and body of an answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }
}
