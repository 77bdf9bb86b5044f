package dev.orchestra.billing.rest;

import dev.orchestra.billing.client.StripeWebhooks;
import dev.orchestra.billing.service.WebhookService;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks the Stripe signature on the raw body before anything else reads it (platform's JSON hygiene
 * included): a delivery without a valid, fresh signature is answered 400 at once and has no effect,
 * whatever its body holds. The body is handed on unchanged.
 */
@Provider
@StripeSigned
@Priority(Priorities.AUTHENTICATION)
public class StripeSignatureFilter implements ContainerRequestFilter {

    private final WebhookService webhooks;

    public StripeSignatureFilter(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        byte[] body = request.getEntityStream().readAllBytes();
        try {
            webhooks.checkSignature(new String(body, StandardCharsets.UTF_8), request.getHeaderString(StripeWebhookResource.SIGNATURE));
        } catch (StripeWebhooks.InvalidSignatureException e) {
            request.abortWith(StripeWebhookResource.badSignature(e));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }
}
