package io.glasscache.exporter.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import com.sun.net.httpserver.HttpExchange;

/**
 * A response body that ends its exchange the moment a write fails (the client went away mid-answer), before the
 * writer closes the body. Why: when a fixed-length body is closed short, the JDK's server (17) closes the exchange
 * without closing its connection, and the socket stays open until the response-time sweep, tens of seconds later;
 * a few hundred scrapes reset mid-answer filled the connection cap (docs/reliability.md, BUG-5). Closed first, the
 * exchange finds its body short and closes the connection.
 */
final class ClosingBody extends FilterOutputStream {

    private final HttpExchange exchange;

    ClosingBody(OutputStream body, HttpExchange exchange) {
        super(body);
        this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        exchange.close();
        return e;
    }
}
