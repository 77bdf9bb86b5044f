package dev.orchestra.notification.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tests' own SMTP server (GreenMail), on a free port of 127.0.0.1 — never the local mail
 * catcher's 3025 — given to the application as {@code quarkus.mailer.port}. A test stops it and
 * starts it again (same port) to make an outage.
 */
@QuarkusTestResource(TestSmtp.class)
public class TestSmtp implements QuarkusTestResourceLifecycleManager {

    private static GreenMail server;
    private static int port;

    @Override
    public Map<String, String> start() {
        startServer(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        port = server.getSmtp().getPort();
        return Map.of("quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** The outage begins: connections to the port are refused. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Back on the same port (a new server: what the stopped one received is gone). */
    public static synchronized void ensureRunning() {
        if (server == null) {
            startServer(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        }
    }

    private static synchronized void startServer(ServerSetup setup) {
        GreenMail mail = new GreenMail(setup).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        server = mail;
    }

    /** The mails received for this address since the server (re)started. */
    public static synchronized List<ReceivedMail> mailsTo(String address) {
        if (server == null) {
            return List.of();
        }
        return Arrays.stream(server.getReceivedMessages()).filter(message -> isFor(message, address)).map(ReceivedMail::of).toList();
    }

    private static boolean isFor(MimeMessage message, String address) {
        try {
            return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients())
                    .anyMatch(recipient -> recipient.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
