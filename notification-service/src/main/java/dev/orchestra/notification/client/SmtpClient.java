package dev.orchestra.notification.client;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends through quarkus-mailer (SMTP server and {@code From} from {@code quarkus.mailer.*}). The
 * call returns once the server accepted the mail, and waits at most
 * {@code orchestra.notification.sender.send-timeout}: a server that hangs cannot hold a sender.
 */
@ApplicationScoped
public class SmtpClient {

    private final ReactiveMailer mailer;
    private final Duration timeout;

    public SmtpClient(ReactiveMailer mailer,
                      @ConfigProperty(name = "orchestra.notification.sender.send-timeout") Duration timeout) {
        this.mailer = mailer;
        this.timeout = timeout;
    }

    /** Blocks the calling (worker) thread until the server accepted the mail; throws otherwise. */
    public void send(OutgoingMail mail) {
        Mail message = Mail.withText(mail.to(), mail.subject(), mail.text())
                .setHtml(mail.html())
                // RFC 3834: an automatic mail; vacation responders do not answer it.
                .addHeader("Auto-Submitted", "auto-generated");
        try {
            mailer.send(message).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new MailSendException(describe(e), e);
        }
    }

    /** The innermost failure that says something: "ConnectException: Connection refused: /127.0.0.1:25". */
    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause instanceof java.util.concurrent.CompletionException || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
