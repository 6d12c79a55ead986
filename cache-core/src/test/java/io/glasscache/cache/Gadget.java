package io.glasscache.cache;

import java.util.concurrent.atomic.AtomicInteger;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;

/**
 * A stand-in for a deserialization gadget: a class no codec registers, which counts every instance made of it. A
 * payload naming it must be rejected without ever building one.
 */
public final class Gadget {

    /** Instances made, by any means: the test's own one and any a decoder would make. */
    public static final AtomicInteger MADE = new AtomicInteger();

    public String command = "touch /tmp/pwned";

    public Gadget() {
        MADE.incrementAndGet();
    }

    /** Kryo bytes of a Gadget written by class name, as an attacker's Kryo (registration off) writes them. */
    public static byte[] payload() {
        Kryo attacker = new Kryo();
        attacker.setRegistrationRequired(false);
        Output out = new Output(256, -1);
        attacker.writeClassAndObject(out, new Gadget());
        return out.toBytes();
    }
}
