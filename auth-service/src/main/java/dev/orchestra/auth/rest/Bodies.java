package dev.orchestra.auth.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orchestra.auth.service.SessionService.SessionView;
import dev.orchestra.auth.service.SignedIn;
import dev.orchestra.auth.service.UserView;
import java.time.Instant;
import java.util.UUID;

/** The request and response bodies of auth-service's API (snake_case on the wire). */
final class Bodies {

    private Bodies() {
    }

    record RegisterRequest(String email, String name, String password) {
    }

    record LoginRequest(String email, String password) {
    }

    record RefreshTokenRequest(String refreshToken) {
    }

    record TokenRequest(String token) {
    }

    record ForgotPasswordRequest(String email) {
    }

    record ResetPasswordRequest(String token, String password) {
    }

    record PasswordRequest(String password) {
    }

    /** The user resource: never the password hash. */
    record UserResponse(UUID id, String email, String name, String avatarUrl, String plan, @JsonRawValue String settings,
                        boolean emailVerified, Instant createdAt, Instant updatedAt) {
        static UserResponse of(UserView user) {
            return new UserResponse(user.id(), user.email(), user.name(), user.avatarUrl(), user.plan(), user.settingsJson(),
                    user.emailVerified(), user.createdAt(), user.updatedAt());
        }
    }

    record TokenResponse(UserResponse user, String accessToken, String refreshToken, String tokenType, long expiresIn) {
        static TokenResponse of(SignedIn signedIn) {
            return new TokenResponse(UserResponse.of(signedIn.user()), signedIn.accessToken(), signedIn.refreshToken(), "Bearer",
                    signedIn.expiresIn());
        }
    }

    record SessionResponse(UUID id, String userAgent, String ip, Instant createdAt, Instant lastUsedAt, boolean current) {
        static SessionResponse of(SessionView session) {
            return new SessionResponse(session.id(), session.userAgent(), session.ip(), session.createdAt(), session.lastUsedAt(),
                    session.current());
        }
    }
}
