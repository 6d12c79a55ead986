package io.glasscache.exporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection on a plain socket, for what an HTTP client library hides: several requests on one
 * connection, a head sent in parts, and whether the server closed the connection without answering.
 */
public final class RawHttp implements AutoCloseable {

    /** A response: status, headers (names in lower case), body (de-chunked). */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects to 127.0.0.1; a read waits at most 10 s, so a server that never answers fails the test. */
    public static RawHttp connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return new RawHttp(socket);
    }

    public RawHttp send(String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** {@code GET path} with {@code Host} and the given header lines, on this connection. */
    public RawHttp get(String path, String... headerLines) throws IOException {
        StringBuilder raw = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String line : headerLines) {
            raw.append(line).append("\r\n");
        }
        return send(raw.append("\r\n").toString());
    }

    /** Reads one response; its body by Content-Length, chunks, or none for HEAD. */
    public Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection without a response");
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        byte[] body;
        if (head) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                out.writeBytes(in.readNBytes(size));
                line(); // the CRLF after the chunk
            }
            line(); // the CRLF after the last chunk
            body = out.toByteArray();
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        return new Response(status, headers, body);
    }

    /** Everything the server sends until it closes the connection (at most 10 s of silence). */
    public byte[] readToEnd() throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketException e) {
            return new byte[0]; // reset: closed with our request unread
        }
    }

    /**
     * True once the server has closed the connection: a read returns end of stream (or a reset), having read no
     * response. Waits at most 100 ms, so it can be polled.
     */
    public boolean closedByServer() throws IOException {
        socket.setSoTimeout(100);
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("the server answered (first byte " + b + ") instead of closing");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: closed with data unread
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(10_000);
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
