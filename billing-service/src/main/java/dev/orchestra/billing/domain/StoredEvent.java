package dev.orchestra.billing.domain;

/** A Stripe event waiting in the event table to be applied (its JSON as received or listed). */
public record StoredEvent(String id, String type, String payload, int attempts, String source) {
}
