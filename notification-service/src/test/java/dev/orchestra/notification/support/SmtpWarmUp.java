package dev.orchestra.notification.support;

import dev.orchestra.notification.client.MailSendException;
import dev.orchestra.notification.client.OutgoingMail;
import dev.orchestra.notification.client.SmtpClient;

/**
 * Leaves the mailer with an open, working connection to the test server before a step that must
 * send at its first try. About one new connection in a hundred from the Vert.x mail client to
 * GreenMail stalls before the first SMTP command (neither side writes) until the send timeout; the
 * service records that as a failed attempt and retries, but a test that drives one attempt by hand,
 * or whose senders sweep only hourly, would see it. A pooled connection that has just worked is
 * reused by the next send.
 */
public final class SmtpWarmUp {

    private SmtpWarmUp() {
    }

    public static void warmUp(SmtpClient smtp) {
        TestSmtp.ensureRunning();
        for (int attempt = 1; ; attempt++) {
            try {
                smtp.send(new OutgoingMail("warm-up@example.com", "warm-up", "warm-up", "<p>warm-up</p>"));
                return;
            } catch (MailSendException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
