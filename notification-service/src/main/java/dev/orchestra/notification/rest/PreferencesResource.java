package dev.orchestra.notification.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.notification.rest.Bodies.PreferencesBody;
import dev.orchestra.notification.rest.Bodies.PreferencesUpdate;
import dev.orchestra.notification.service.PreferencesService;
import dev.orchestra.platform.rest.Data;
import dev.orchestra.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** The caller's mail choices: {@code product_updates} and {@code billing_receipts}, both true by default. */
@Path("/api/v1/notifications/preferences")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PreferencesResource {

    private final PreferencesService preferences;
    private final CurrentUser currentUser;

    public PreferencesResource(PreferencesService preferences, CurrentUser currentUser) {
        this.preferences = preferences;
        this.currentUser = currentUser;
    }

    @GET
    public Data<PreferencesBody> get() {
        return Data.of(PreferencesBody.of(preferences.get(currentUser.id())));
    }

    /** A partial update: absent fields stay as they are; each present one must be true or false. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Data<PreferencesBody> update(@RequestBody(description = "Any of the two fields; an absent one stays as it is",
            content = @Content(schema = @Schema(implementation = PreferencesBody.class))) @NotNull JsonNode body) {
        PreferencesUpdate update = PreferencesUpdate.of(body);
        return Data.of(PreferencesBody.of(preferences.update(currentUser.id(), update.productUpdates(), update.billingReceipts())));
    }
}
