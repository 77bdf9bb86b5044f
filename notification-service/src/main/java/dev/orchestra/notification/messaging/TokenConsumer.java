package dev.orchestra.notification.messaging;

import dev.orchestra.notification.domain.EmailAddress;
import dev.orchestra.notification.service.TokenMails;
import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.platform.messaging.EventConsumer;
import dev.orchestra.platform.messaging.UnprocessableEventException;
import dev.orchestra.proto.events.v1.EmailVerificationRequested;
import dev.orchestra.proto.events.v1.TokenEnvelope;
import com.google.protobuf.Timestamp;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code auth.tokens.v1}: EmailVerificationRequested (reason {@code registration} → the welcome
 * mail, otherwise a verification mail) and PasswordResetRequested → the reset mail.
 */
@ApplicationScoped
public class TokenConsumer {

    private final EventConsumer consumer;
    private final TokenMails mails;

    public TokenConsumer(EventConsumer consumer, TokenMails mails) {
        this.consumer = consumer;
        this.mails = mails;
    }

    @Incoming("tokens")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.process(record, TokenEnvelope.parser(), this::apply);
    }

    private void apply(TokenEnvelope event) {
        UUID eventId = EventCodec.eventId(event);
        UUID userId = EventCodec.userId(event);
        switch (event.getKindCase()) {
            case EMAIL_VERIFICATION_REQUESTED -> {
                EmailVerificationRequested request = event.getEmailVerificationRequested();
                // An unspecified (or later) reason still needs its link: a plain verification mail.
                mails.verificationRequested(eventId, userId, request.getReason() == EmailVerificationRequested.Reason.REASON_REGISTRATION,
                        address(request.getEmail()), request.getName(), token(request.getToken()),
                        expiry(request.hasExpiresAt(), request.getExpiresAt()));
            }
            case PASSWORD_RESET_REQUESTED -> {
                var request = event.getPasswordResetRequested();
                mails.passwordResetRequested(eventId, userId, address(request.getEmail()), request.getName(),
                        token(request.getToken()), expiry(request.hasExpiresAt(), request.getExpiresAt()));
            }
            default -> {
                // A kind added to the contract later: nothing to mail for it here.
            }
        }
    }

    static String address(String email) {
        if (!EmailAddress.isValid(email)) {
            throw new UnprocessableEventException("no usable e-mail address in the event");
        }
        return email;
    }

    private static String token(String token) {
        if (token == null || token.isBlank() || token.length() > 1024) {
            throw new UnprocessableEventException("no usable one-time token in the event");
        }
        return token;
    }

    private static Instant expiry(boolean present, Timestamp expiresAt) {
        if (!present) {
            throw new UnprocessableEventException("a one-time token without expires_at");
        }
        return EventCodec.instant(expiresAt);
    }
}
