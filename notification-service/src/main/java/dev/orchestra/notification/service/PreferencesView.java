package dev.orchestra.notification.service;

/** A user's mail choices as the API shows them. */
public record PreferencesView(boolean productUpdates, boolean billingReceipts) {
}
