package io.glasscache.demo.feature;

/** The feature store failed a call: injected fault, overload or an unreachable backend. */
public class FeatureStoreException extends RuntimeException {

    public FeatureStoreException(String message) {
        super(message, null, false, false); // thrown at high rates under chaos: no stack trace
    }
}
