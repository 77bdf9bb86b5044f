package dev.orchestra.stripelocal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Failures injected into the API on request, to test what billing-service does when Stripe misbehaves:
 * an error status (500 by default) and/or a delay, for the next N matching requests or until cleared.
 */
final class Faults {

    /**
     * @param status     the HTTP status to answer (0: no error, only the delay)
     * @param remaining  how many more requests it applies to; 0 means until cleared
     * @param method     the HTTP method it applies to, null for any
     * @param pathPrefix the API paths it applies to, e.g. {@code /v1/checkout/sessions}
     * @param delayMs    how long to wait before answering (or before running the request when status is 0)
     */
    record Fault(int status, int remaining, String method, String pathPrefix, long delayMs) {
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void add(Fault f) {
        faults.add(f);
    }

    synchronized void clear() {
        faults.clear();
    }

    /** The first fault matching the request, counting it; null if none applies. */
    synchronized Fault take(String method, String path) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext();) {
            Fault f = it.next();
            if ((f.method() == null || f.method().equalsIgnoreCase(method)) && path.startsWith(f.pathPrefix())) {
                if (f.remaining() == 1) {
                    it.remove();
                } else if (f.remaining() > 1) {
                    faults.set(faults.indexOf(f), new Fault(f.status(), f.remaining() - 1, f.method(),
                            f.pathPrefix(), f.delayMs()));
                }
                return f;
            }
        }
        return null;
    }

    static ApiError error(int status) {
        String type = status >= 500 ? ApiError.API : status == 402 ? "card_error" : ApiError.INVALID_REQUEST;
        String code = status == 429 ? "rate_limit" : null;
        return new ApiError(status, type, code, "Injected failure (local Stripe fault, HTTP " + status + ").", null);
    }
}
