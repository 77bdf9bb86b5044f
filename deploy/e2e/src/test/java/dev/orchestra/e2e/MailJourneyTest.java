package dev.orchestra.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Mail through the whole stack: the welcome mail's link verifies the address; a reset mail's link
 * sets a new password, and the old refresh token no longer works. Mails are read from the local
 * catcher over IMAP (the address is the login).
 */
class MailJourneyTest {

    static final String GATEWAY = StackGatewayTest.GATEWAY.toString();
    static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

    @Test
    void verifyTheAddressFromTheWelcomeMailThenResetThePasswordFromTheResetMail() throws Exception {
        String email = "mail-" + UUID.randomUUID() + "@example.com";
        var registered = given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Mail Journey", "password", "first password 1"))
                .post("/auth/register").then().statusCode(201).extract();
        String access = registered.path("data.access_token");
        String refresh = registered.path("data.refresh_token");

        String verification = awaitToken(email, "verify-email");
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("token", verification))
                .post("/auth/verify-email").then().statusCode(204);
        given().baseUri(GATEWAY).auth().oauth2(access).get("/api/v1/users/me").then().statusCode(200)
                .body("data.email_verified", equalTo(true));

        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("email", email))
                .post("/auth/password/forgot").then().statusCode(202);
        String reset = awaitToken(email, "reset-password");
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("token", reset, "password", "second password 2"))
                .post("/auth/password/reset").then().statusCode(204);
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("email", email, "password", "second password 2"))
                .post("/auth/login").then().statusCode(200);
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("email", email, "password", "first password 1"))
                .post("/auth/login").then().statusCode(401);
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("refresh_token", refresh))
                .post("/auth/refresh").then().statusCode(401);
    }

    /**
     * The token of the first link to {@code /<page>?token=...} in a mail to the address. Generous: a
     * send that stalls is retried after the SMTP timeout (30 s) and a minute.
     */
    static String awaitToken(String address, String page) {
        AtomicReference<String> token = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String text : texts(address)) {
                Matcher link = Pattern.compile("/" + page + "\\?" + TOKEN.pattern()).matcher(text);
                if (link.find()) {
                    token.set(link.group(1));
                    return true;
                }
            }
            return false;
        });
        return token.get();
    }

    /** The text of every part of every mail in the address's mailbox. */
    static List<String> texts(String address) throws Exception {
        Session session = Session.getInstance(new Properties());
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", 3143, address, "any");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> texts = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                collect(message, texts);
            }
            inbox.close(false);
            return texts;
        } finally {
            store.close();
        }
    }

    private static void collect(Part part, List<String> texts) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, texts);
            }
        } else if (content instanceof String text) {
            texts.add(text);
        }
    }
}
