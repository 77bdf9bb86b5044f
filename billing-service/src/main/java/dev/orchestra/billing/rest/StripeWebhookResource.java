package dev.orchestra.billing.rest;

import dev.orchestra.billing.client.StripeWebhooks;
import dev.orchestra.billing.rest.Bodies.StripeEventSchema;
import dev.orchestra.billing.rest.Bodies.WebhookReceipt;
import dev.orchestra.billing.rest.Bodies.WebhookResponse;
import dev.orchestra.billing.service.WebhookService;
import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.error.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Stripe's webhook endpoint : no token, the Stripe signature instead. The event
 * is stored and answered 200 at once; it is applied after the answer.
 */
@Path("/webhooks/stripe")
@Tag(name = "Billing")
public class StripeWebhookResource {

    static final String SIGNATURE = "Stripe-Signature";

    private final WebhookService webhooks;

    public StripeWebhookResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @StripeSigned
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "receiveStripeWebhook", summary = "Stripe's webhook (called by Stripe only)",
            description = "Verifies the signature on the raw body (300 s tolerance), stores an event of a handled type by its id "
                    + "and answers at once; the event is applied shortly after, once. Handled: checkout.session.completed, "
                    + "customer.subscription.created/updated/deleted, invoice.finalized/paid/payment_failed/voided; any other "
                    + "type is answered 200 and ignored.")
    @APIResponse(responseCode = "200", description = "Received (stored, a duplicate, or a type not handled)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing, wrong or stale signature (`validation_error` with status 400, "
            + "`details.stripe_signature`), or a signed event without `data.object` (`details.data` or `details[\"data.object\"]`): "
            + "nothing happened",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = "The request's Accept header excludes application/json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than this route accepts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = "Unexpected error (Stripe delivers the event again)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public WebhookResponse receive(
            @Parameter(in = ParameterIn.HEADER, name = SIGNATURE, required = true,
                    description = "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" under the endpoint's secret>`",
                    schema = @Schema(type = SchemaType.STRING)) @HeaderParam(SIGNATURE) String signature,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StripeEventSchema.class))) byte[] body) {
        WebhookService.Received received = webhooks.receive(new String(body, StandardCharsets.UTF_8), signature);
        return new WebhookResponse(new WebhookReceipt(received.eventId(), received.outcome()));
    }

    @ServerExceptionMapper
    public Response invalidSignature(StripeWebhooks.InvalidSignatureException e) {
        return badSignature(e);
    }

    /**
     * 400 {@code validation_error} for a signed event without {@code data.object}: the signature was fine,
     * the event is malformed (Stripe never sends one; nothing is stored).
     */
    @ServerExceptionMapper
    public Response malformedEvent(StripeWebhooks.MalformedEventException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(ErrorCode.VALIDATION_ERROR, "The signed Stripe event is malformed", Map.of(e.field(), e.getMessage())))
                .build();
    }

    /** 400 {@code validation_error}, as the gateway answers requests it cannot accept. */
    static Response badSignature(StripeWebhooks.InvalidSignatureException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(ErrorCode.VALIDATION_ERROR, "The Stripe signature is missing, wrong or too old",
                        Map.of("stripe_signature", e.getMessage() == null ? "Invalid" : e.getMessage())))
                .build();
    }
}
