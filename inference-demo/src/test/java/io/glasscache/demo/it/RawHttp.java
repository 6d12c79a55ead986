package io.glasscache.demo.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 GET over a plain socket, so that the request target reaches the server byte for byte. */
final class RawHttp {

    private RawHttp() {
    }

    /** The response's status code, or -1 if the server closed the connection without a status line. */
    static int status(int port, String target) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            String status = line.toString(StandardCharsets.ISO_8859_1);
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                return -1;
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
