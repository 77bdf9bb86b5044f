package dev.orchestra.notification.domain;

/**
 * A user's mail choices. {@code billingReceipts} governs the subscription confirmation,
 * cancellation and back-to-free notices; {@code productUpdates} is kept for product news (none is
 * sent yet). Transactional mails ignore both.
 */
public record Preferences(boolean productUpdates, boolean billingReceipts) {

    public static final Preferences DEFAULTS = new Preferences(true, true);

    public boolean allows(MailKind kind) {
        return !kind.isBillingReceipt() || billingReceipts;
    }
}
