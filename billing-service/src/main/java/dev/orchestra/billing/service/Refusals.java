package dev.orchestra.billing.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.error.ErrorCode;
import java.time.Duration;
import java.util.Map;

/** The refusals of this service's API, in the error envelope. */
final class Refusals {

    private Refusals() {
    }

    /** Stripe unreachable, too slow or failing: nothing was changed, the client retries. */
    static ApiException stripeUnavailable() {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Payments are unavailable right now; nothing was changed, retry shortly",
                Map.of("dependency", "stripe"), Duration.ofSeconds(5));
    }

    /**
     * Stripe refused what this service sent (a misconfigured price id, a parameter it does not take):
     * not the caller's fault and nothing the caller can fix; payments are unavailable until this
     * service is fixed. Nothing was changed.
     */
    static ApiException stripeRefused() {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Payments are unavailable right now; nothing was changed",
                Map.of("dependency", "stripe", "reason", "refused"), Duration.ofSeconds(60));
    }

    /** The user's account has not reached this service yet (its UserRegistered is on its way). */
    static ApiException accountNotKnownYet() {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Your account is not ready for payments yet, retry shortly",
                Map.of("dependency", "account"), Duration.ofSeconds(2));
    }

    static ApiException alreadySubscribed() {
        return new ApiException(ErrorCode.CONFLICT,
                "You are on a paid plan already: change or cancel it in the customer portal (POST /api/v1/billing/portal)",
                Map.of("reason", "already_subscribed", "manage_with", "portal"));
    }

    static ApiException inProgress() {
        return new ApiException(ErrorCode.CONFLICT, "Another payment request of this account is in progress, retry shortly",
                Map.of("reason", "in_progress"));
    }

    static ApiException noCustomer() {
        return new ApiException(ErrorCode.NOT_FOUND, "No billing account yet: start with a checkout",
                Map.of("reason", "no_customer"));
    }
}
