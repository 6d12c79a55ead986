package io.glasscache.exporter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code basic_auth_users}: HTTP basic authentication against bcrypt hashes. A request without credentials, or with
 * wrong ones, gets 401 with {@code WWW-Authenticate: Basic} from the JDK server before any handler runs (also for
 * another scheme than Basic, which the JDK would refuse without the challenge).
 *
 * <p>bcrypt is slow on purpose (cost 10: tens of ms of CPU), and Prometheus sends the same credentials every scrape,
 * so a verified pair is remembered, as the toolkit does, by a SHA-256 of user and password (never the password),
 * at most {@value #MAX_REMEMBERED} pairs. A wrong password is checked in full every time. An unknown user's password is
 * checked against a configured user's hash (and refused), so the time taken does not tell which user names exist.
 */
final class BcryptAuthenticator extends BasicAuthenticator {

    static final int MAX_REMEMBERED = 64;

    private final Map<String, String> users;
    /** Checked for unknown users: as slow as a real check, and never a match for them. */
    private final String unknownUserHash;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    BcryptAuthenticator(Map<String, String> users) {
        super("cache-exporter", StandardCharsets.UTF_8);
        this.users = Map.copyOf(users);
        this.unknownUserHash = users.values().iterator().next();
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        Result result = super.authenticate(exchange);
        if (!(result instanceof Success) && !exchange.getResponseHeaders().containsKey("WWW-Authenticate")) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + getRealm()
                    + "\", charset=\"UTF-8\"");
        }
        return result;
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        String hash = users.get(user);
        String pair = digest(user, password);
        if (hash != null && verified.contains(pair)) {
            return true;
        }
        boolean matches = matches(password, hash != null ? hash : unknownUserHash) && hash != null;
        if (matches && verified.size() < MAX_REMEMBERED) {
            verified.add(pair);
        }
        return matches;
    }

    /** Pairs verified so far (tests check the cache with it). */
    int remembered() {
        return verified.size();
    }

    private static boolean matches(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false; // e.g. a password over bcrypt's 72 bytes
        }
    }

    private static String digest(String user, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(user.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return Base64.getEncoder().encodeToString(sha256.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
