package dev.orchestra.billing.client;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
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

    /** Verifies the signature and reads the event. */
    public StripeRecords.Event verifiedEvent(String payload, String signatureHeader) {
        verify(payload, signatureHeader);
        com.stripe.model.Event event;
        try {
            event = Webhook.constructEvent(payload, signatureHeader, secret, toleranceSeconds, clock);
        } catch (SignatureVerificationException e) {
            throw new InvalidSignatureException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidSignatureException("The signed body is not a Stripe event", e);
        }
        if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
            throw new InvalidSignatureException("The signed body is not a Stripe event", null);
        }
        return StripeGateway.event(event, payload);
    }

    /** An event stored earlier (its signature was checked when it came, or it was listed from Stripe). */
    public StripeRecords.Event stored(String payload) {
        return StripeGateway.event(Webhook.constructEventWithoutVerification(payload), payload);
    }
}
