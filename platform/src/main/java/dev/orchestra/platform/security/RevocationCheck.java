package dev.orchestra.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses, for every request of every service, a verified token that is no longer good: its
 * session was revoked, its user deleted, or it lacks a user id or session id that are UUIDs.
 */
@ApplicationScoped
public class RevocationCheck implements SecurityIdentityAugmentor {

    private final Revocations revocations;

    public RevocationCheck(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        UUID userId = CurrentUser.uuid(token.getSubject());
        UUID sessionId = CurrentUser.uuid(token.getClaim("sid"));
        if (userId == null || sessionId == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token without user or session"));
        }
        return context.runBlocking(() -> {
            if (revocations.refuses(userId, sessionId)) {
                throw new AuthenticationFailedException("session revoked or user deleted");
            }
            return identity;
        });
    }
}
