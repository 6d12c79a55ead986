package io.glasscache.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections a client holds open against a listener without finishing a request: idle ones that send nothing,
 * and slow ones that send a valid request a byte at a time ({@link #trickle()}, once a second). Afterwards: how many
 * the server closed, and how many it answered.
 */
final class HeldConnections implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Integer> sent = new ArrayList<>();
    private final byte[] request;
    private int refused;

    private HeldConnections(byte[] request) {
        this.request = request;
    }

    /** {@code count} connections to the port; {@code request} is what a slow one trickles (null: idle ones). */
    static HeldConnections open(int port, int count, byte[] request) {
        HeldConnections held = new HeldConnections(request);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            try {
                socket.setSoLinger(true, 0);
                socket.connect(new InetSocketAddress(Stack.HOST, port), 2000);
                held.sockets.add(socket);
                held.sent.add(0);
            } catch (IOException e) {
                held.refused++;
                closeQuietly(socket);
            }
        }
        return held;
    }

    /** Sends the next byte of the request on every slow connection still open. */
    void trickle() {
        if (request == null) {
            return;
        }
        for (int i = 0; i < sockets.size(); i++) {
            int next = sent.get(i);
            if (next >= request.length || sockets.get(i).isClosed()) {
                continue;
            }
            try {
                sockets.get(i).getOutputStream().write(request[next]);
                sent.set(i, next + 1);
            } catch (IOException e) {
                closeQuietly(sockets.get(i)); // the server has closed it
            }
        }
    }

    /** Outcome: connections opened, refused, closed by the server, answered by the server, still open. */
    record Tally(int opened, int refused, int closedByServer, int answered, int stillOpen, int bytesSentEach) {
    }

    Tally tally() {
        int closed = 0;
        int answered = 0;
        for (Socket socket : sockets) {
            if (socket.isClosed()) {
                closed++;
                continue;
            }
            try {
                socket.setSoTimeout(50);
                InputStream in = socket.getInputStream();
                int b = in.read();
                if (b < 0) {
                    closed++;
                } else {
                    answered++;
                }
            } catch (SocketTimeoutException e) {
                // still open, nothing said
            } catch (IOException e) {
                closed++;
            }
        }
        int bytes = sent.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Tally(sockets.size(), refused, closed, answered, sockets.size() - closed - answered, bytes);
    }

    static byte[] slowRequest(String pathAndQuery) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        sockets.forEach(HeldConnections::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
