package io.glasscache.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP exchange as bytes on a fresh connection, whatever the bytes are: what came back is a status code, or the
 * server closing without a byte, or nothing within the deadline. The answer is read to its end (the requests ask
 * for {@code Connection: close}, so the server closes first and keeps the TIME_WAIT: tens of thousands of exchanges
 * use up no client ports); a server that keeps the connection open past the deadline gets a reset.
 */
final class Wire {

    /** The server closed (or reset) the connection without answering. */
    static final int CLOSED = -1;
    /** Nothing came back within the deadline. */
    static final int SILENT = -2;
    /** The connection could not be made. */
    static final int REFUSED = -3;

    private Wire() {
    }

    /**
     * Sends {@code request} to 127.0.0.1:{@code port}; when {@code closeAfterSending}, the client then goes away
     * (a truncated request) and the answer, if any, is what the server says before noticing.
     */
    static int exchange(int port, byte[] request, boolean closeAfterSending, Duration deadline) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(Stack.HOST, port), 2000);
            } catch (IOException e) {
                return REFUSED;
            }
            socket.setSoTimeout((int) deadline.toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (closeAfterSending) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may close before reading everything (a head over its limit): read what it said
            }
            int status = status(socket.getInputStream());
            if (status != CLOSED && !drain(socket.getInputStream())) {
                socket.setSoLinger(true, 0); // still open: reset rather than wait
            }
            return status;
        } catch (SocketTimeoutException e) {
            return SILENT;
        } catch (IOException e) {
            return CLOSED;
        }
    }

    /**
     * A plain GET of {@code uri} (loopback) on a connection of its own, as a new client makes it: its status, or
     * {@link #CLOSED}, {@link #SILENT}, {@link #REFUSED}. (A pooled HTTP client would reuse a kept-alive connection
     * and not see a server that takes no new ones.)
     */
    static int get(java.net.URI uri, Duration deadline) {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return exchange(uri.getPort(), ("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost()
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), false, deadline);
    }

    /** Reads to the end of the stream (at most 16 MiB); false if it did not end within the socket's timeout. */
    private static boolean drain(InputStream in) {
        byte[] buffer = new byte[16384];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > (16 << 20)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return e instanceof SocketTimeoutException ? false : true; // reset by the server: it is closed
        }
    }

    /**
     * The status code of the final response's first line (interim 1xx responses, e.g. 100 Continue, are read
     * past), CLOSED if the stream ends first; anything not HTTP is CLOSED too.
     */
    static int status(InputStream in) throws IOException {
        int status = statusLine(in);
        for (int interim = 0; status >= 100 && status < 200 && interim < 5; interim++) {
            skipHeaders(in);
            status = statusLine(in);
        }
        return status;
    }

    private static void skipHeaders(InputStream in) throws IOException {
        int previous = -1;
        int b;
        int length = 0;
        while ((b = in.read()) >= 0 && length++ < 65536) {
            if (b == '\n' && (previous == '\n')) {
                return;
            }
            if (b != '\r') {
                previous = b;
            }
        }
    }

    private static int statusLine(InputStream in) throws IOException {
        byte[] line = new byte[64];
        int n = 0;
        int b;
        while (n < line.length && (b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            line[n++] = (byte) b;
        }
        String text = new String(line, 0, n, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/") || text.length() < 12) {
            return CLOSED;
        }
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            return CLOSED;
        }
    }
}
