package dev.orchestra.auth.rest;

import dev.orchestra.auth.rest.Bodies.ForgotPasswordRequest;
import dev.orchestra.auth.rest.Bodies.LoginRequest;
import dev.orchestra.auth.rest.Bodies.RefreshTokenRequest;
import dev.orchestra.auth.rest.Bodies.RegisterRequest;
import dev.orchestra.auth.rest.Bodies.ResetPasswordRequest;
import dev.orchestra.auth.rest.Bodies.SignedInBody;
import dev.orchestra.auth.rest.Bodies.SignedInResponse;
import dev.orchestra.auth.rest.Bodies.TokenRequest;
import dev.orchestra.auth.service.AccountService;
import dev.orchestra.auth.service.EmailVerificationService;
import dev.orchestra.auth.service.PasswordResetService;
import dev.orchestra.auth.service.SignInService;
import dev.orchestra.platform.error.ApiError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public auth endpoints (no token): sign-up, sign-in, tokens, verification and password reset. */
@Path("/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Auth")
public class AuthResource {

    private final AccountService accounts;
    private final SignInService signIn;
    private final EmailVerificationService verification;
    private final PasswordResetService passwordReset;

    public AuthResource(AccountService accounts, SignInService signIn, EmailVerificationService verification,
                        PasswordResetService passwordReset) {
        this.accounts = accounts;
        this.signIn = signIn;
        this.verification = verification;
        this.passwordReset = passwordReset;
    }

    /** 201 with the new user and its first session's tokens. */
    @POST
    @Path("/register")
    @Operation(operationId = "register", summary = "Sign up",
            description = "A new account and its first session; a welcome mail with a verification link is sent. A retried "
                    + "registration answers 409: sign in instead.")
    @APIResponse(responseCode = "201", description = "The new user and its first session's tokens",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignedInResponse.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The address is taken, in any case (`details.email`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.AUTH_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "Every field that breaks its rule (`details.email`, `details.name`, "
            + "`details.password`), a mistyped field, or " + ErrorDocs.MALFORMED_BODY + " (`details.body`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response register(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RegisterRequest.class))) @NotNull RegisterRequest body,
                             @Context HttpServerRequest request) {
        var signedIn = accounts.register(body.email(), body.name(), body.password(), Devices.of(request));
        return Response.status(Response.Status.CREATED).entity(new SignedInResponse(SignedInBody.of(signedIn))).build();
    }

    @POST
    @Path("/login")
    @Operation(operationId = "login", summary = "Sign in",
            description = "A new session for this device. A wrong password and an unknown address get the same 401. Failures "
                    + "are counted per address and client: over the lockout's limit, 429 until the window lets one go.")
    @APIResponse(responseCode = "200", description = "The user and the new session's tokens",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignedInResponse.class)))
    @APIResponse(responseCode = "401", description = "Wrong e-mail or password (the same answer for both)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.AUTH_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`email` or `password` missing or mistyped, or " + ErrorDocs.MALFORMED_BODY
            + " (details name the field)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "Too many failed sign-ins for this address, from this client or from all "
            + "together; no password was checked",
            headers = @Header(name = "Retry-After", description = ErrorDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public SignedInResponse login(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LoginRequest.class))) @NotNull LoginRequest body, @Context HttpServerRequest request) {
        return new SignedInResponse(SignedInBody.of(signIn.login(body.email(), body.password(), Devices.of(request))));
    }

    @POST
    @Path("/refresh")
    @Operation(operationId = "refresh", summary = "Refresh a session's tokens",
            description = "A new access token and a rotated refresh token. The just-rotated token presented again within "
                    + "30 s answers the same new token; later, it ends the whole session.")
    @APIResponse(responseCode = "200", description = "The user, a new access token and the rotated refresh token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignedInResponse.class)))
    @APIResponse(responseCode = "401", description = "A missing, unknown, expired, ended or reused refresh token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.AUTH_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`refresh_token` mistyped, or " + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public SignedInResponse refresh(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RefreshTokenRequest.class))) @NotNull RefreshTokenRequest body) {
        return new SignedInResponse(SignedInBody.of(signIn.refresh(body.refreshToken())));
    }

    /** Ends the session of this refresh token; 204 whatever the token (logging out twice is fine). */
    @POST
    @Path("/logout")
    @Operation(operationId = "logout", summary = "Sign out this device",
            description = "Ends the refresh token's session (its access tokens are refused at once). An unknown or ended "
                    + "token changes nothing and answers the same.")
    @APIResponse(responseCode = "204", description = "Signed out (or nothing to end)")
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.AUTH_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`refresh_token` mistyped, or " + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response logout(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RefreshTokenRequest.class))) @NotNull RefreshTokenRequest body) {
        signIn.logout(body.refreshToken());
        return Response.noContent().build();
    }

    @POST
    @Path("/verify-email")
    @Operation(operationId = "verifyEmail", summary = "Confirm an e-mail address",
            description = "With the token of a verification mail (valid 24 hours, once).")
    @APIResponse(responseCode = "204", description = "The address is verified")
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.AUTH_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A missing, unknown, used or expired token (`details.token`), a mistyped "
            + "field, or " + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response verifyEmail(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TokenRequest.class))) @NotNull TokenRequest body) {
        verification.verify(body.token());
        return Response.noContent().build();
    }

    /** 202 whatever the address: whether an account has it is not told. */
    @POST
    @Path("/password/forgot")
    @Operation(operationId = "forgotPassword", summary = "Ask for a password-reset mail",
            description = "The same answer whatever the address: a reset link (valid 1 hour) is mailed only to an account's "
                    + "address, at most one a minute and 5 a day per account.")
    @APIResponse(responseCode = "202", description = "Taken (whether a mail goes out is not told)")
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.AUTH_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "`email` missing or mistyped (`details.email`), or "
            + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response forgotPassword(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ForgotPasswordRequest.class))) @NotNull ForgotPasswordRequest body) {
        passwordReset.forgot(body.email());
        return Response.accepted().build();
    }

    @POST
    @Path("/password/reset")
    @Operation(operationId = "resetPassword", summary = "Set a new password",
            description = "With the token of a reset mail (valid 1 hour, once): the new password, and every session of the "
                    + "account ended.")
    @APIResponse(responseCode = "204", description = "The password is changed; every session ended")
    @APIResponse(responseCode = "406", description = ErrorDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = ErrorDocs.AUTH_BODY_TOO_LARGE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = ErrorDocs.UNSUPPORTED_MEDIA_TYPE,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "A missing, unknown, used or expired token (`details.token`), a password "
            + "outside 10 to 128 characters (`details.password`), a mistyped field, or " + ErrorDocs.MALFORMED_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "500", description = ErrorDocs.INTERNAL,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response resetPassword(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ResetPasswordRequest.class))) @NotNull ResetPasswordRequest body) {
        passwordReset.reset(body.token(), body.password());
        return Response.noContent().build();
    }
}
