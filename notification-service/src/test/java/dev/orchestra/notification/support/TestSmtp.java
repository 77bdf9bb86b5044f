package dev.orchestra.notification.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * The tests' own SMTP server (GreenMail), on a free port of 127.0.0.1 — never the local mail
 * catcher's 3025 — given to the application as {@code quarkus.mailer.port}. A test stops it and
 * starts it again (same port) to make an outage, or {@linkplain #stall stalls} the mails to one
 * address: the server holds them after their data, before its "250 OK", until the test releases them
 * (a slow server: the sender is in the middle of a send).
 */
@QuarkusTestResource(TestSmtp.class)
public class TestSmtp implements QuarkusTestResourceLifecycleManager {

    /** The longest a stall holds a mail, whatever the test does: no stall outlives a failed test. */
    private static final Duration MAX_STALL = Duration.ofSeconds(60);
    private static final Map<String, Stall> STALLS = new ConcurrentHashMap<>();
    private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

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
        releaseAll();
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
        UserManager users = mail.getUserManager();
        MessageDeliveryHandler deliver = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            Stall stall = STALLS.get(key(address.getEmail()));
            if (stall != null) {
                stall.hold();
            }
            if (REFUSED.contains(key(address.getEmail()))) {
                // GreenMail answers "451 Requested action aborted": a temporary failure, the connection stays usable.
                throw new MessagingException("refused by the test server");
            }
            return deliver.handle(message, address);
        });
        server = mail;
    }

    /**
     * From now on, the server holds each mail to this address before accepting it, until
     * {@link Stall#release()}. GreenMail accepts one mail at a time: while one is held, the others
     * (to any address) wait behind it.
     */
    public static Stall stall(String address) {
        Stall stall = new Stall(key(address));
        STALLS.put(stall.address, stall);
        return stall;
    }

    /**
     * From now on, the server refuses each mail to this address with a temporary error (451), until
     * {@link #accept}: an outage for one address, without restarting the server (whose restart leaves
     * the client's pooled connections to time out).
     */
    public static void refuse(String address) {
        REFUSED.add(key(address));
    }

    public static void accept(String address) {
        REFUSED.remove(key(address));
    }

    /** Lets every held mail through and accepts every address again (after each test). */
    public static void releaseAll() {
        STALLS.values().forEach(Stall::release);
        REFUSED.clear();
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

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    /** Mails to one address held by the server until released. */
    public static final class Stall implements AutoCloseable {

        private final String address;
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger held = new AtomicInteger();

        private Stall(String address) {
            this.address = address;
        }

        private void hold() {
            held.incrementAndGet();
            long deadline = System.nanoTime() + MAX_STALL.toNanos();
            boolean interrupted = false;
            while (released.getCount() > 0 && deadline - System.nanoTime() > 0) {
                try {
                    released.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // Held all the same: only the test lets the mail through.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** How many mails to the address reached the server's hold so far. */
        public int held() {
            return held.get();
        }

        /** Waits until a mail to the address is being held: a sender is in the middle of sending it. */
        public void awaitHeld() {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> held.get() >= 1);
        }

        public void release() {
            STALLS.remove(address, this);
            released.countDown();
        }

        @Override
        public void close() {
            release();
        }
    }
}
