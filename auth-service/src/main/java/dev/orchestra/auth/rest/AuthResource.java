package dev.orchestra.auth.rest;

import dev.orchestra.auth.rest.Bodies.ForgotPasswordRequest;
import dev.orchestra.auth.rest.Bodies.LoginRequest;
import dev.orchestra.auth.rest.Bodies.RefreshTokenRequest;
import dev.orchestra.auth.rest.Bodies.RegisterRequest;
import dev.orchestra.auth.rest.Bodies.ResetPasswordRequest;
import dev.orchestra.auth.rest.Bodies.TokenRequest;
import dev.orchestra.auth.rest.Bodies.TokenResponse;
import dev.orchestra.auth.service.AccountService;
import dev.orchestra.auth.service.EmailVerificationService;
import dev.orchestra.auth.service.PasswordResetService;
import dev.orchestra.auth.service.SignInService;
import dev.orchestra.platform.rest.Data;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The public auth endpoints (no token): sign-up, sign-in, tokens, verification and password reset. */
@Path("/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
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
    public Response register(@NotNull RegisterRequest body, @Context HttpServerRequest request) {
        var signedIn = accounts.register(body.email(), body.name(), body.password(), Devices.of(request));
        return Response.status(Response.Status.CREATED).entity(Data.of(TokenResponse.of(signedIn))).build();
    }

    @POST
    @Path("/login")
    public Data<TokenResponse> login(@NotNull LoginRequest body, @Context HttpServerRequest request) {
        return Data.of(TokenResponse.of(signIn.login(body.email(), body.password(), Devices.of(request))));
    }

    @POST
    @Path("/refresh")
    public Data<TokenResponse> refresh(@NotNull RefreshTokenRequest body) {
        return Data.of(TokenResponse.of(signIn.refresh(body.refreshToken())));
    }

    /** Ends the session of this refresh token; 204 whatever the token (logging out twice is fine). */
    @POST
    @Path("/logout")
    public Response logout(@NotNull RefreshTokenRequest body) {
        signIn.logout(body.refreshToken());
        return Response.noContent().build();
    }

    @POST
    @Path("/verify-email")
    public Response verifyEmail(@NotNull TokenRequest body) {
        verification.verify(body.token());
        return Response.noContent().build();
    }

    /** 202 whatever the address: whether an account has it is not told. */
    @POST
    @Path("/password/forgot")
    public Response forgotPassword(@NotNull ForgotPasswordRequest body) {
        passwordReset.forgot(body.email());
        return Response.accepted().build();
    }

    @POST
    @Path("/password/reset")
    public Response resetPassword(@NotNull ResetPasswordRequest body) {
        passwordReset.reset(body.token(), body.password());
        return Response.noContent().build();
    }
}
