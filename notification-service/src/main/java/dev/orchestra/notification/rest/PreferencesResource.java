package dev.orchestra.notification.rest;

import dev.orchestra.platform.rest.PatchField;
import dev.orchestra.notification.rest.Bodies.PreferencesBody;
import dev.orchestra.notification.rest.Bodies.PreferencesResponse;
import dev.orchestra.notification.rest.Bodies.PreferencesUpdate;
import dev.orchestra.notification.service.PreferencesService;
import dev.orchestra.platform.error.ApiError;
import dev.orchestra.platform.error.ApiException;
import dev.orchestra.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's mail choices: {@code product_updates} and {@code billing_receipts}, both true by default. */
@Path("/api/v1/notifications/preferences")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Preferences")
public class PreferencesResource {

    private final PreferencesService preferences;
    private final CurrentUser currentUser;

    public PreferencesResource(PreferencesService preferences, CurrentUser currentUser) {
        this.preferences = preferences;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(operationId = "getPreferences", summary = "The caller's mail choices",
            description = "Both true until changed. Transactional mails (verification, reset, failed payment) are always sent.")
    @APIResponse(responseCode = "200", description = "The choices",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreferencesResponse.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public PreferencesResponse get() {
        return new PreferencesResponse(PreferencesBody.of(preferences.get(currentUser.id())));
    }

    /** A partial update: absent fields stay as they are; each present one must be true or false. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updatePreferences", summary = "Change the caller's mail choices",
            description = "A partial update: an absent field stays as it is; a present one must be true or false. Answers all "
                    + "choices.")
    @APIResponse(responseCode = "200", description = "The choices as they are now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreferencesResponse.class)))
    @APIResponse(responseCode = "401", description = ErrorDocs.UNAUTHORIZED + ", or the account erased while the request was "
            + "under way (nothing is written back)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = ErrorDocs.FORBIDDEN_USER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "A declared body over 16 KiB, refused before it is read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "The body is not `application/json`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A field that is present but not true or false, `null` included (each "
            + "such field named in `details`), or a body that is not a JSON object, not UTF-8, holds NUL or an unpaired "
            + "surrogate, a number outside platform's number rule or a duplicate key (`details.body`, or the field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = ErrorDocs.SESSION_UNCHECKED,
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public PreferencesResponse update(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PreferencesUpdate.class))) @NotNull PreferencesUpdate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        Boolean productUpdates = flag(body.productUpdates(), "product_updates", problems);
        Boolean billingReceipts = flag(body.billingReceipts(), "billing_receipts", problems);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        return new PreferencesResponse(PreferencesBody.of(preferences.update(currentUser.id(), productUpdates, billingReceipts)));
    }

    /** The choice, or null when absent (unchanged); anything but true or false is a problem of the field. */
    private static Boolean flag(PatchField<Boolean> field, String name, Map<String, String> problems) {
        if (field.isNull() || field.isMistyped()) {
            problems.put(name, "Expected true or false");
        }
        return field.value();
    }
}
