package io.glasscache.reliability;

/**
 * What the suite saw of one fault: when it was injected, cleared and recovered (seconds since its load run's
 * measured start), the evidence, and the demo's counters over the window (injection to recovery).
 */
record Window(Fault fault, double injected, double cleared, double recovered, String proof, String recovery,
        Demo.Counters demo, String loadAverage, Throwable failure) {

    /** Runs {@code fault} under {@code run}: marked, injected, proven, held, cleared (always), recovered. */
    static Window of(LoadRun run, Demo demo, Fault fault) {
        String load = Proc.loadAverage();
        Demo.Counters before = demo.counters();
        double injected = run.second();
        double cleared = Double.NaN;
        String proof = null;
        String recovery = null;
        Throwable failure = null;
        run.startMark(fault.name);
        try {
            try {
                fault.inject();
                proof = fault.proof();
                Faults.hold(fault.hold());
            } finally {
                fault.clear();
                cleared = run.second();
                run.endMark(fault.name);
            }
            recovery = fault.recovered();
        } catch (Exception | AssertionError e) {
            failure = e;
        }
        double recovered = run.second();
        Demo.Counters during;
        try {
            during = demo.counters().since(before);
        } catch (RuntimeException e) { // the demo restarted: its counters began again
            during = null;
        }
        if (fault.takesTheDemoDown()) {
            during = null;
        }
        return new Window(fault, injected, cleared, recovered, proof, recovery, during, load, failure);
    }

    boolean ok() {
        return failure == null;
    }
}
