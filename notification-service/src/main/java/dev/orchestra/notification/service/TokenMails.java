package dev.orchestra.notification.service;

import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.repository.UserLocks;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The mails of {@code auth.tokens.v1}: the welcome mail (verification at registration), a
 * verification mail (resend) and the password-reset mail. Each carries its event's address, name
 * and one-time token, so no other topic is needed to send it.
 */
@ApplicationScoped
public class TokenMails {

    private static final Logger LOG = Logger.getLogger(TokenMails.class);

    private final DeliveryService deliveries;
    private final UserLocks users;
    private final Revocations revocations;

    public TokenMails(DeliveryService deliveries, UserLocks users, Revocations revocations) {
        this.deliveries = deliveries;
        this.users = users;
        this.revocations = revocations;
    }

    /** The welcome mail at registration, otherwise a verification mail. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void verificationRequested(UUID eventId, UUID userId, boolean atRegistration, String email, String name, String token,
                                      Instant expiresAt) {
        record(eventId, atRegistration ? MailKind.WELCOME : MailKind.VERIFY_EMAIL, userId, email, name, token, expiresAt);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void passwordResetRequested(UUID eventId, UUID userId, String email, String name, String token, Instant expiresAt) {
        record(eventId, MailKind.PASSWORD_RESET, userId, email, name, token, expiresAt);
    }

    private void record(UUID eventId, MailKind kind, UUID userId, String email, String name, String token, Instant expiresAt) {
        users.lock(userId);
        if (revocations.isDeleted(userId)) {
            LOG.infof("event %s: user %s was deleted; no %s mail", eventId, userId, kind.id());
            return;
        }
        deliveries.record(eventId, kind, userId, email, name, token, expiresAt, Map.of());
    }
}
