package dev.orchestra.auth.rest;

import dev.orchestra.platform.rest.PatchField;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.auth.service.SessionService.SessionView;
import dev.orchestra.auth.service.SignedIn;
import dev.orchestra.auth.service.SigningKeys;
import dev.orchestra.auth.service.UserView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request and response bodies of auth-service's API as the wire shows them (snake_case by
 * platform's JSON conventions), with their OpenAPI schemas. Types are checked here by Jackson; the
 * field rules (lengths, the e-mail rule, which token) are the service's, so their messages are its own.
 */
final class Bodies {

    private Bodies() {
    }

    @Schema(name = "RegisterRequest", description = "A new account")
    record RegisterRequest(
            @Schema(required = true, format = "email", maxLength = 254, description = "Platform's e-mail rule; unique in any "
                    + "case; kept as typed (trimmed)", example = "ada@example.com") String email,
            @Schema(required = true, minLength = 1, maxLength = 255, description = "1 to 255 characters after trimming white "
                    + "space; no control characters", example = "Ada Lovelace") String name,
            @Schema(required = true, format = "password", minLength = 10, maxLength = 128,
                    description = "10 to 128 characters (code points)") String password) {
    }

    @Schema(name = "LoginRequest", description = "An account's credentials")
    record LoginRequest(
            @Schema(required = true, format = "email", description = "Compared case-insensitively", example = "ada@example.com")
            String email,
            @Schema(required = true, format = "password") String password) {
    }

    @Schema(name = "RefreshTokenRequest", description = "A session's refresh token")
    record RefreshTokenRequest(
            @Schema(required = true, description = "The refresh token of the last sign-in or refresh (base64url, 43 characters)")
            String refreshToken) {
    }

    @Schema(name = "TokenRequest", description = "A one-time token from a verification mail")
    record TokenRequest(
            @Schema(required = true, description = "The token of the mail's link (base64url, 43 characters)") String token) {
    }

    @Schema(name = "ForgotPasswordRequest", description = "The address to send a reset link to")
    record ForgotPasswordRequest(
            @Schema(required = true, description = "Any text: the answer is the same whether an account has it or not",
                    example = "ada@example.com") String email) {
    }

    @Schema(name = "ResetPasswordRequest", description = "A reset token and the new password")
    record ResetPasswordRequest(
            @Schema(required = true, description = "The token of the reset mail's link (base64url, 43 characters)") String token,
            @Schema(required = true, format = "password", minLength = 10, maxLength = 128,
                    description = "10 to 128 characters (code points)") String password) {
    }

    @Schema(name = "PasswordRequest", description = "The account's password, confirming an erasure")
    record PasswordRequest(@Schema(required = true, format = "password") String password) {
    }

    /**
     * A partial profile update: each field absent (unchanged), {@code null} (cleared, where allowed) or a
     * value. Each field's type is told apart by {@link PatchField}, so one answer names every mistyped field.
     */
    @Schema(name = "ProfileUpdate", description = "A partial update: an absent field stays as it is")
    record ProfileUpdate(
            @Schema(implementation = String.class, minLength = 1, maxLength = 255,
                    description = "1 to 255 characters after trimming white space; not null") PatchField<String> name,
            @Schema(implementation = String.class, nullable = true, format = "uri", maxLength = 2048,
                    description = "An http or https URL; null removes the avatar") PatchField<String> avatarUrl,
            @Schema(implementation = Map.class, type = SchemaType.OBJECT, nullable = true, additionalProperties = Schema.True.class,
                    description = "Replaces the settings whole: any JSON object of at most 64 KiB (numbers within platform's "
                            + "number rule, stored in canonical form); null resets them to {}") PatchField<ObjectNode> settings,
            @Schema(implementation = Long.class, minimum = "1", description = "The version the update expects (as the ETag "
                    + "says; or send If-Match): a stale one is a 409") PatchField<Long> version) {

        ProfileUpdate {
            name = PatchField.orAbsent(name);
            avatarUrl = PatchField.orAbsent(avatarUrl);
            settings = PatchField.orAbsent(settings);
            version = PatchField.orAbsent(version);
        }
    }

    @Schema(name = "User", description = "An account as its owner (and admins) see it; never the password hash")
    record UserBody(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID id,
            @Schema(required = true, format = "email", description = "As typed at registration (trimmed)") String email,
            @Schema(required = true, minLength = 1, maxLength = 255) String name,
            @Schema(required = true, nullable = true, format = "uri", maxLength = 2048) String avatarUrl,
            @Schema(required = true, description = "`free`, or the paid plan billing-service reports", example = "free")
            String plan,
            @Schema(required = true, type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "The user's own JSON object ({} at first)") @JsonRawValue String settings,
            @Schema(required = true) boolean emailVerified,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant createdAt,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant updatedAt) {

        static UserBody of(UserView user) {
            return new UserBody(user.id(), user.email(), user.name(), user.avatarUrl(), user.plan(), user.settingsJson(),
                    user.emailVerified(), user.createdAt(), user.updatedAt());
        }
    }

    @Schema(name = "UserResponse")
    record UserResponse(@Schema(required = true) UserBody data) {
    }

    @Schema(name = "SignedIn", description = "The user and a session's tokens")
    record SignedInBody(
            @Schema(required = true) UserBody user,
            @Schema(required = true, description = "An RS256 JWT for `Authorization: Bearer`") String accessToken,
            @Schema(required = true, description = "This session's refresh token (base64url, 43 characters); keep it secret")
            String refreshToken,
            @Schema(required = true, enumeration = {"Bearer"}) String tokenType,
            @Schema(required = true, minimum = "1", description = "Seconds the access token lives", example = "900")
            long expiresIn) {

        static SignedInBody of(SignedIn signedIn) {
            return new SignedInBody(UserBody.of(signedIn.user()), signedIn.accessToken(), signedIn.refreshToken(), "Bearer",
                    signedIn.expiresIn());
        }
    }

    @Schema(name = "SignedInResponse")
    record SignedInResponse(@Schema(required = true) SignedInBody data) {
    }

    @Schema(name = "Session", description = "One device's sign-in")
    record SessionBody(
            @Schema(required = true, implementation = String.class, format = "uuid") UUID id,
            @Schema(required = true, nullable = true, description = "The User-Agent of its sign-in") String userAgent,
            @Schema(required = true, nullable = true, description = "The client's address at its sign-in") String ip,
            @Schema(required = true, implementation = String.class, format = "date-time") Instant createdAt,
            @Schema(required = true, implementation = String.class, format = "date-time", description = "Its last sign-in or refresh")
            Instant lastUsedAt,
            @Schema(required = true, description = "Whether the calling token belongs to it") boolean current) {

        static SessionBody of(SessionView session) {
            return new SessionBody(session.id(), session.userAgent(), session.ip(), session.createdAt(), session.lastUsedAt(),
                    session.current());
        }
    }

    @Schema(name = "ListMeta")
    record ListMeta(
            @Schema(required = true, nullable = true, description = "Pass as `cursor` for the next page; null on the last")
            String nextCursor) {
    }

    @Schema(name = "SessionList", description = "Active sessions, newest first")
    record SessionList(@Schema(required = true) List<SessionBody> data, @Schema(required = true) ListMeta meta) {
    }

    @Schema(name = "UserList", description = "Accounts, newest first")
    record UserList(@Schema(required = true) List<UserBody> data, @Schema(required = true) ListMeta meta) {
    }

    @Schema(name = "Jwk", description = "A public RSA key that verifies access tokens (RFC 7517)")
    record Jwk(
            @Schema(required = true, enumeration = {"RSA"}) String kty,
            @Schema(required = true, enumeration = {"sig"}) String use,
            @Schema(required = true, enumeration = {"RS256"}) String alg,
            @Schema(required = true, description = "The key id, as in the tokens' `kid` header") String kid,
            @Schema(required = true, description = "The modulus, base64url") String n,
            @Schema(required = true, description = "The public exponent, base64url") String e) {

        static Jwk of(SigningKeys.PublishedKey key) {
            Map<String, String> jwk = key.toJwk();
            return new Jwk(jwk.get("kty"), jwk.get("use"), jwk.get("alg"), jwk.get("kid"), jwk.get("n"), jwk.get("e"));
        }
    }

    @Schema(name = "Jwks", description = "The public keys: the current one, and during a rotation the next and the previous")
    record Jwks(@Schema(required = true) List<Jwk> keys) {
    }
}
