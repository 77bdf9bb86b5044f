package dev.orchestra.notification.client;

/** The SMTP server did not accept the mail (unreachable, refused, timed out): worth a retry later. */
public class MailSendException extends RuntimeException {

    public MailSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
