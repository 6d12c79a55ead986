package io.glasscache.reliability;

import java.time.Duration;

/**
 * One fault of the suite: injected, proven in effect (a fault that did not take is a failed test, not a good
 * figure), held, cleared, and then awaited until the component it hit is healthy again.
 */
abstract class Fault {

    /** Also the label of its window on the chart and of its run. */
    final String name;
    /** What is done, for the tables. */
    final String what;
    /** What should happen, for the tables. */
    final String expected;

    Fault(String name, String what, String expected) {
        this.name = name;
        this.what = what;
        this.expected = expected;
    }

    abstract void inject() throws Exception;

    /** Checks that the fault is in effect, from outside the process it hits; returns the evidence. */
    abstract String proof() throws Exception;

    /** How long the fault is held once proven (zero: cleared at once, e.g. a kill that a restart clears). */
    abstract Duration hold();

    abstract void clear() throws Exception;

    /** Waits until the component is healthy again; returns what was seen. */
    abstract String recovered() throws Exception;

    /** Facts measured along the way (e.g. the share of L2 keys a node held), for the tables; empty by default. */
    String observations() {
        return "";
    }

    /**
     * Whether the only demo process is down, then starting, while it is in effect: requests sent meanwhile are lost
     * (nothing listens, or the answer comes after the load generator gave up); counted and reported, not held to
     * zero. Empty answers are held to zero even then.
     */
    boolean takesTheDemoDown() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
