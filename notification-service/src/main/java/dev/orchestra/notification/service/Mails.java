package dev.orchestra.notification.service;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The mail templates, checked at build time: each has an HTML variant ({@code .html}, every value
 * escaped) and a plain-text one ({@code .txt}) under {@code templates/mail/}. No template renders a
 * value unescaped ({@code .raw} and {@code {|…|}} are never used).
 */
@CheckedTemplate(basePath = "mail")
final class Mails {

    private Mails() {
    }

    static native TemplateInstance welcome(String name, String link, String validUntil);

    static native TemplateInstance verifyEmail(String name, String link, String validUntil);

    static native TemplateInstance passwordReset(String name, String link, String validUntil);

    /** {@code renewsOn} for a subscription that renews; {@code endsOn} (and {@code cancelling}) for one set to end. */
    static native TemplateInstance subscriptionConfirmed(String name, String plan, String renewsOn, String endsOn, boolean cancelling);

    static native TemplateInstance subscriptionCancelled(String name, String plan, String endsOn);

    static native TemplateInstance subscriptionEnded(String name, String plan);

    static native TemplateInstance paymentFailed(String name, String amount, String nextAttempt, String invoiceUrl);
}
