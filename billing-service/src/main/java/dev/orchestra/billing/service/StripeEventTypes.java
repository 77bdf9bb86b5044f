package dev.orchestra.billing.service;

import java.util.List;

/** The Stripe event types this service applies; any other is answered 200 and ignored. */
public final class StripeEventTypes {

    public static final String CHECKOUT_COMPLETED = "checkout.session.completed";
    public static final String SUBSCRIPTION_CREATED = "customer.subscription.created";
    public static final String SUBSCRIPTION_UPDATED = "customer.subscription.updated";
    public static final String SUBSCRIPTION_DELETED = "customer.subscription.deleted";
    public static final String INVOICE_FINALIZED = "invoice.finalized";
    public static final String INVOICE_PAID = "invoice.paid";
    public static final String INVOICE_PAYMENT_FAILED = "invoice.payment_failed";
    public static final String INVOICE_VOIDED = "invoice.voided";

    public static final List<String> HANDLED = List.of(CHECKOUT_COMPLETED, SUBSCRIPTION_CREATED, SUBSCRIPTION_UPDATED,
            SUBSCRIPTION_DELETED, INVOICE_FINALIZED, INVOICE_PAID, INVOICE_PAYMENT_FAILED, INVOICE_VOIDED);

    private StripeEventTypes() {
    }

    public static boolean isHandled(String type) {
        return HANDLED.contains(type);
    }
}
