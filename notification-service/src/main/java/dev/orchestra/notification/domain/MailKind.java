package dev.orchestra.notification.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The mails this service sends, one template each. A mail is transactional (always sent: the user
 * needs it to act) or a billing receipt (sent unless the user turned {@code billing_receipts} off).
 */
public enum MailKind {

    /** EmailVerificationRequested, reason {@code registration}: the welcome mail with the verification link. */
    WELCOME(true, false),
    /** EmailVerificationRequested, reason {@code resend}. */
    VERIFY_EMAIL(true, false),
    /** PasswordResetRequested. */
    PASSWORD_RESET(true, false),
    /** A SubscriptionChanged to a paid plan. */
    SUBSCRIPTION_CONFIRMED(false, true),
    /** A SubscriptionChanged whose {@code cancel_at_period_end} became true. */
    SUBSCRIPTION_CANCELLED(false, true),
    /** A SubscriptionChanged from a paid plan back to free. */
    SUBSCRIPTION_ENDED(false, true),
    /** PaymentFailed: transactional, the user must act on it. */
    PAYMENT_FAILED(false, false);

    private final boolean carriesToken;
    private final boolean billingReceipt;

    MailKind(boolean carriesToken, boolean billingReceipt) {
        this.carriesToken = carriesToken;
        this.billingReceipt = billingReceipt;
    }

    /** The template's name in the delivery log and the API: {@code password_reset}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A one-time token's link is in it: the mail is addressed from its event and dies with the token. */
    public boolean carriesToken() {
        return carriesToken;
    }

    /** Governed by the {@code billing_receipts} preference. */
    public boolean isBillingReceipt() {
        return billingReceipt;
    }

    public static Optional<MailKind> of(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst();
    }
}
