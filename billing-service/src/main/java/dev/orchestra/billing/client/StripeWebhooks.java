package dev.orchestra.billing.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stripe's webhook signatures ({@code Stripe-Signature: t=…,v1=…}), checked with stripe-java's own
 * {@link Webhook} on the raw body against {@code STRIPE_WEBHOOK_SECRET}, with the configured tolerance
 * (300 s) on the signature's timestamp.
 */
@ApplicationScoped
public class StripeWebhooks {

    /** The signature is missing, does not match the body, or is too old. */
    public static class InvalidSignatureException extends RuntimeException {
        public InvalidSignatureException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The signature is good but the body is not a Stripe event this service can read (no {@code data.object}, say). */
    public static class MalformedEventException extends RuntimeException {
        private final String field;

        public MalformedEventException(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The missing or unreadable field, e.g. {@code data.object}. */
        public String field() {
            return field;
        }
    }

    private final String secret;
    private final long toleranceSeconds;
    private final Clock clock;

    public StripeWebhooks(@ConfigProperty(name = "orchestra.billing.stripe.webhook-secret") String secret,
                          @ConfigProperty(name = "orchestra.billing.stripe.webhook-tolerance") Duration tolerance, Clock clock) {
        this.secret = secret;
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = clock;
    }

    /** Checks the signature only (before anything parses the body). */
    public void verify(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new InvalidSignatureException("The Stripe-Signature header is missing", null);
        }
        try {
            Webhook.Signature.verifyHeader(payload, signatureHeader, secret, toleranceSeconds, clock);
        } catch (SignatureVerificationException e) {
            throw new InvalidSignatureException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidSignatureException("The Stripe-Signature header cannot be read", e);
        }
    }

    /**
     * Verifies the signature and reads the event: {@link InvalidSignatureException} for a missing, wrong
     * or stale signature; {@link MalformedEventException} for a body whose signature is good but that is
     * not a Stripe event this service can read (not a JSON object; no id, type or created; no
     * {@code data.object} — every event Stripe sends has one).
     */
    public StripeRecords.Event verifiedEvent(String payload, String signatureHeader) {
        verify(payload, signatureHeader);
        requireEventShape(payload);
        com.stripe.model.Event event;
        try {
            event = Webhook.constructEvent(payload, signatureHeader, secret, toleranceSeconds, clock);
        } catch (SignatureVerificationException e) {
            throw new InvalidSignatureException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MalformedEventException("body", "The signed body is not a Stripe event stripe-java can read");
        }
        return StripeGateway.event(event, payload);
    }

    /** The fields every Stripe event has, checked on the raw JSON before stripe-java reads it. */
    private static void requireEventShape(String payload) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(payload);
        } catch (RuntimeException e) {
            throw new MalformedEventException("body", "The signed body is not JSON");
        }
        if (parsed == null || !parsed.isJsonObject()) {
            throw new MalformedEventException("body", "The signed body is not a JSON object");
        }
        JsonObject root = parsed.getAsJsonObject();
        for (String field : List.of("id", "type", "created")) {
            JsonElement value = root.get(field);
            if (value == null || !value.isJsonPrimitive()) {
                throw new MalformedEventException(field, "Required: the signed event has no " + field);
            }
        }
        JsonElement data = root.get("data");
        if (data == null || !data.isJsonObject()) {
            throw new MalformedEventException("data", "Required: the signed event has no data");
        }
        JsonElement object = data.getAsJsonObject().get("object");
        if (object == null || !object.isJsonObject()) {
            throw new MalformedEventException("data.object", "Required: the signed event has no data.object");
        }
    }

    /** An event stored earlier (its signature was checked when it came, or it was listed from Stripe). */
    public StripeRecords.Event stored(String payload) {
        return StripeGateway.event(Webhook.constructEventWithoutVerification(payload), payload);
    }
}
