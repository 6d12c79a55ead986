package io.glasscache.exporter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a discovery name to the addresses of its instances (every A/AAAA record). */
@FunctionalInterface
public interface TargetResolver {

    /** The JDK resolver: every address the system resolver returns for the name. */
    TargetResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
