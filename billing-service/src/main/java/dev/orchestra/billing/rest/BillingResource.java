package dev.orchestra.billing.rest;

import dev.orchestra.billing.rest.Bodies.CheckoutRequest;
import dev.orchestra.billing.rest.Bodies.CheckoutResponse;
import dev.orchestra.billing.rest.Bodies.CheckoutSession;
import dev.orchestra.billing.rest.Bodies.InvoiceBody;
import dev.orchestra.billing.rest.Bodies.InvoiceList;
import dev.orchestra.billing.rest.Bodies.InvoicesMeta;
import dev.orchestra.billing.rest.Bodies.PortalResponse;
import dev.orchestra.billing.rest.Bodies.PortalSession;
import dev.orchestra.billing.rest.Bodies.SubscriptionBody;
import dev.orchestra.billing.rest.Bodies.SubscriptionResponse;
import dev.orchestra.billing.service.AccountService;
import dev.orchestra.billing.service.CheckoutService;
import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.paging.Page;
import dev.orchestra.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's billing (issue 12): checkout, the customer portal, the subscription and the invoices. */
@Path("/api/v1/billing")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
@APIResponse(responseCode = "406", description = "The request's Accept header excludes application/json",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
public class BillingResource {

    private static final String SESSION_UNCHECKED = "The token's session cannot be checked right now (the database away); "
            + "nothing was done";

    private final CheckoutService checkouts;
    private final AccountService accounts;
    private final CurrentUser currentUser;

    public BillingResource(CheckoutService checkouts, AccountService accounts, CurrentUser currentUser) {
        this.checkouts = checkouts;
        this.accounts = accounts;
        this.currentUser = currentUser;
    }

    @POST
    @Path("/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createCheckout", summary = "Start paying for the pro plan",
            description = "A Stripe Checkout Session (subscription mode) for the caller's Stripe customer, made on first need. "
                    + "Send the user to `url`; the plan changes once Stripe reports the payment (SubscriptionChanged). "
                    + "Each call makes a new session.")
    @APIResponse(responseCode = "201", description = "The session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckoutResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired, revoked or forged token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = "Authenticated but not allowed (these routes need a signed-in user only, so "
            + "it is not expected)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The caller's account was deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "Already on a paid plan (`details.reason`: `already_subscribed`; change or "
            + "cancel it in the portal), or another checkout of the caller in progress (`in_progress`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than this route accepts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A plan other than `pro`, an interval other than `month` or `year`, a "
            + "missing or mistyped field, or a body that is not JSON (details name the field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = "Unexpected error",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Stripe is unreachable, too slow or failing (`details.dependency`: `stripe`), "
            + "or refused what this service sent (`dependency`: `stripe`, `reason`: `refused`: a fault of this service, not of the "
            + "request), or the caller's account has not reached billing yet (`account`), or the token's session cannot be checked (the "
            + "database away); nothing was changed",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response checkout(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CheckoutRequest.class))) @NotNull @Valid CheckoutRequest body) {
        CheckoutService.Checkout checkout = checkouts.checkout(currentUser.id(), body.plan(), body.interval());
        return Response.status(Response.Status.CREATED)
                .entity(new CheckoutResponse(new CheckoutSession(checkout.url(), checkout.sessionId()))).build();
    }

    @POST
    @Path("/portal")
    @Operation(operationId = "createPortalSession", summary = "Open the customer portal",
            description = "A Stripe customer portal session, where the caller changes or cancels the subscription, updates the card "
                    + "and sees invoices. Takes no body.")
    @APIResponse(responseCode = "200", description = "The portal session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PortalResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired, revoked or forged token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = "Authenticated but not allowed (these routes need a signed-in user only, so "
            + "it is not expected)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The caller has no Stripe customer (no checkout was ever started, or the "
            + "customer was deleted at Stripe: it is forgotten, the next checkout makes a new one; `details.reason`: `no_customer`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = "Unexpected error",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Stripe is unreachable, too slow or failing (`details.dependency`: `stripe`), "
            + "or refused what this service sent (`reason`: `refused`), or the token's session cannot be checked (the database away)",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public PortalResponse portal() {
        return new PortalResponse(new PortalSession(checkouts.portal(currentUser.id())));
    }

    @GET
    @Path("/subscription")
    @Operation(operationId = "getSubscription", summary = "The caller's plan and subscription",
            description = "As this service last learned it from Stripe: free with status `none` without a subscription.")
    @APIResponse(responseCode = "200", description = "The subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired, revoked or forged token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = "Authenticated but not allowed (these routes need a signed-in user only, so "
            + "it is not expected)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = "Unexpected error",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public SubscriptionResponse subscription() {
        return new SubscriptionResponse(SubscriptionBody.of(accounts.subscription(currentUser.id())));
    }

    @GET
    @Path("/invoices")
    @Operation(operationId = "listInvoices", summary = "The caller's invoices",
            description = "Newest first, keyset-paged. Filled from Stripe's invoice events; drafts are not listed.")
    @APIResponse(responseCode = "200", description = "A page of invoices",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InvoiceList.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired, revoked or forged token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = "Authenticated but not allowed (these routes need a signed-in user only, so "
            + "it is not expected)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`limit` outside 1..200, or a cursor that is not one of this list's "
            + "(details name the parameter)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = "Unexpected error",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public InvoiceList invoices(
            @Parameter(description = "Invoices per page, 1 to 200",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") String limit,
            @Parameter(description = "`meta.next_cursor` of the previous page", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cursor") String cursor) {
        Page<InvoiceBody> page = accounts.invoices(currentUser.id(), limit, cursor, InvoiceBody::of);
        return new InvoiceList(page.data(), new InvoicesMeta(page.meta().nextCursor()));
    }
}
