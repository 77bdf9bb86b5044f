package dev.orchestra.notification.service;

import dev.orchestra.notification.client.OutgoingMail;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.MailKind;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders a delivery into its mail: the template's subject, and its plain-text and HTML parts with
 * the recipient's name, the link built from the token, and the event's values formatted for people.
 */
@ApplicationScoped
public class MailComposer {

    /** Keys of {@link Delivery#data()}: what billing events leave for their template. */
    public static final String PLAN = "plan";
    public static final String PERIOD_END = "current_period_end";
    /** {@code "true"} when the subscription ends at the end of its period instead of renewing. */
    public static final String CANCELLING = "cancel_at_period_end";
    public static final String AMOUNT = "amount";
    public static final String CURRENCY = "currency";
    public static final String NEXT_ATTEMPT = "next_attempt_at";
    public static final String INVOICE_URL = "hosted_invoice_url";

    private static final Map<MailKind, String> SUBJECTS = Map.of(
            MailKind.WELCOME, "Welcome to Orchestra: please confirm your e-mail address",
            MailKind.VERIFY_EMAIL, "Confirm your e-mail address",
            MailKind.PASSWORD_RESET, "Reset your Orchestra password",
            MailKind.SUBSCRIPTION_CONFIRMED, "Your Orchestra subscription is active",
            MailKind.SUBSCRIPTION_CANCELLED, "Your Orchestra subscription has been cancelled",
            MailKind.SUBSCRIPTION_ENDED, "You are back on Orchestra Free",
            MailKind.PAYMENT_FAILED, "Your Orchestra payment failed");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Links links;

    public MailComposer(Links links) {
        this.links = links;
    }

    public static String subject(MailKind kind) {
        return SUBJECTS.get(kind);
    }

    /** The mail of this delivery to {@code to}; {@code name} may be empty (the greeting does without). */
    public OutgoingMail compose(Delivery delivery, String to, String name) {
        String who = name == null ? "" : name.strip();
        Map<String, String> data = delivery.data();
        Supplier<TemplateInstance> template = switch (delivery.kind()) {
            case WELCOME -> () -> Mails.welcome(who, links.verifyEmail(delivery.token()), dateTime(delivery.expiresAt()));
            case VERIFY_EMAIL -> () -> Mails.verifyEmail(who, links.verifyEmail(delivery.token()), dateTime(delivery.expiresAt()));
            case PASSWORD_RESET -> () -> Mails.passwordReset(who, links.resetPassword(delivery.token()), dateTime(delivery.expiresAt()));
            case SUBSCRIPTION_CONFIRMED -> () -> {
                boolean cancelling = Boolean.parseBoolean(data.get(CANCELLING));
                String periodEnd = date(data.get(PERIOD_END));
                return Mails.subscriptionConfirmed(who, planName(data.get(PLAN)), cancelling ? "" : periodEnd, cancelling ? periodEnd : "",
                        cancelling);
            };
            case SUBSCRIPTION_CANCELLED -> () -> Mails.subscriptionCancelled(who, planName(data.get(PLAN)), date(data.get(PERIOD_END)));
            case SUBSCRIPTION_ENDED -> () -> Mails.subscriptionEnded(who, planName(data.get(PLAN)));
            case PAYMENT_FAILED -> () -> Mails.paymentFailed(who, amount(data.get(AMOUNT), data.get(CURRENCY)),
                    date(data.get(NEXT_ATTEMPT)), webLink(data.get(INVOICE_URL)));
        };
        return new OutgoingMail(to, subject(delivery.kind()), render(template, Variant.TEXT_PLAIN), render(template, Variant.TEXT_HTML));
    }

    /** One variant of a template (its {@code .txt} or its {@code .html} file). */
    @SuppressWarnings("unchecked")
    private static String render(Supplier<TemplateInstance> template, String contentType) {
        TemplateInstance instance = template.get();
        List<Variant> variants = (List<Variant>) instance.getAttribute(TemplateInstance.VARIANTS);
        Variant variant = variants == null ? null : variants.stream()
                .filter(v -> contentType.equals(v.getContentType())).findFirst().orElse(null);
        if (variant == null) {
            throw new IllegalStateException("a mail template without its " + contentType + " variant");
        }
        return instance.setAttribute(TemplateInstance.SELECTED_VARIANT, variant).render();
    }

    static String planName(String plan) {
        if (plan == null || plan.isBlank()) {
            return "";
        }
        return plan.substring(0, 1).toUpperCase(Locale.ROOT) + plan.substring(1);
    }

    /** {@code 1999} and {@code eur} → {@code 19.99 EUR}; zero-decimal currencies ({@code jpy}) stay whole. */
    static String amount(String minorUnits, String currency) {
        if (minorUnits == null) {
            return "";
        }
        String code = currency == null ? "" : currency.toUpperCase(Locale.ROOT);
        int digits = 2;
        try {
            digits = Math.max(Currency.getInstance(code).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException e) {
            // an unknown code: shown as it came, with two decimals
        }
        return BigDecimal.valueOf(Long.parseLong(minorUnits), digits).toPlainString() + (code.isEmpty() ? "" : " " + code);
    }

    private static String date(String instant) {
        return instant == null ? "" : DATE.format(Instant.parse(instant));
    }

    private static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** Only an http(s) link becomes a link: anything else (a {@code javascript:} URL, say) is left out. */
    static String webLink(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        try {
            URI uri = URI.create(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null ? url : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
