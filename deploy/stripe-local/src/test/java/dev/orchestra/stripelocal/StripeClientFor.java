package dev.orchestra.stripelocal;

import com.stripe.StripeClient;

/** stripe-java's client pointed at a local server, as billing-service's configuration does it. */
final class StripeClientFor {

    private StripeClientFor() {
    }

    static StripeClient local(LocalStripe stripe) {
        return StripeClient.builder().setApiKey(stripe.apiKey()).setApiBase(stripe.baseUrl()).build();
    }
}
