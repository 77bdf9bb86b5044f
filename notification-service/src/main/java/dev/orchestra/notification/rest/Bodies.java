package dev.orchestra.notification.rest;

import dev.orchestra.platform.rest.PatchField;
import dev.orchestra.notification.service.DeliveryView;
import dev.orchestra.notification.service.PreferencesView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON bodies of this service's API as the wire shows them (snake_case by platform's JSON
 * conventions), with their OpenAPI schemas.
 */
final class Bodies {

    private Bodies() {
    }

    /** {@code {"product_updates": true, "billing_receipts": false}}. */
    @Schema(name = "Preferences", description = "The caller's mail choices (transactional mails are always sent)")
    record PreferencesBody(
            @Schema(required = true, description = "News about Orchestra") boolean productUpdates,
            @Schema(required = true, description = "Subscription confirmations, cancellations and the back-to-free notice")
            boolean billingReceipts) {

        static PreferencesBody of(PreferencesView view) {
            return new PreferencesBody(view.productUpdates(), view.billingReceipts());
        }
    }

    @Schema(name = "PreferencesResponse")
    record PreferencesResponse(@Schema(required = true) PreferencesBody data) {
    }

    /**
     * A partial update: an absent field stays as it is; a present one must be true or false —
     * {@code null}, a string, a number is a 422 naming the field. Each field is read as sent
     * ({@link PatchField}): a plain record cannot tell an absent field from a {@code null} one, and
     * one answer names both fields when both are wrong.
     */
    @Schema(name = "PreferencesUpdate", description = "Either choice or both; an absent one stays as it is")
    record PreferencesUpdate(
            @Schema(implementation = Boolean.class, description = "News about Orchestra; not null") PatchField<Boolean> productUpdates,
            @Schema(implementation = Boolean.class, description = "Billing notices; not null") PatchField<Boolean> billingReceipts) {

        PreferencesUpdate {
            productUpdates = PatchField.orAbsent(productUpdates);
            billingReceipts = PatchField.orAbsent(billingReceipts);
        }
    }

    @Schema(name = "Delivery", description = "One mail in the delivery log: where it stands and why, never its token, link or "
            + "template data")
    record DeliveryBody(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID id,
            @Schema(required = true, implementation = String.class, format = "uuid", description = "The event that asked for it")
            UUID eventId,
            @Schema(required = true, description = "The mail's template as stored (`welcome`, `verify_email`, `password_reset`, "
                    + "`payment_failed`, `subscription_confirmed`, `subscription_cancelled`, `subscription_ended`)",
                    example = "welcome") String template,
            @Schema(required = true, implementation = String.class, format = "uuid") UUID userId,
            @Schema(required = true, nullable = true, format = "email",
                    description = "The address; null for a billing mail not sent yet (its address is taken at send time)")
            String recipient,
            @Schema(required = true, description = "As stored: `pending`, `sent`, `failed` or `expired`", example = "sent")
            String status,
            @Schema(required = true, minimum = "0", description = "Sending attempts so far") int attempts,
            @Schema(required = true, nullable = true, description = "Why the last attempt failed") String lastError,
            @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                    description = "The next attempt (pending only)") Instant nextAttemptAt,
            @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                    description = "When its token expires (token mails only)") Instant expiresAt,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant createdAt,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant updatedAt,
            @Schema(required = true, nullable = true, implementation = String.class, format = "date-time") Instant sentAt) {

        static DeliveryBody of(DeliveryView view) {
            return new DeliveryBody(view.id(), view.eventId(), view.template(), view.userId(), view.recipient(), view.status(),
                    view.attempts(), view.lastError(), view.nextAttemptAt(), view.expiresAt(), view.createdAt(), view.updatedAt(),
                    view.sentAt());
        }
    }

    @Schema(name = "DeliveriesMeta")
    record DeliveriesMeta(
            @Schema(required = true, nullable = true, description = "Pass as `cursor` for the next page; null on the last")
            String nextCursor) {
    }

    @Schema(name = "DeliveryList", description = "The delivery log, newest first")
    record DeliveryList(@Schema(required = true) List<DeliveryBody> data, @Schema(required = true) DeliveriesMeta meta) {
    }
}
