package dev.orchestra.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A plan bought and cancelled through the gateway against the local Stripe: a free user at the
 * project limit checks out, `./orchestra stripe pay` pays; the plan is pro on the account and in a
 * refreshed token and in the account frame of the user's open socket, a sixth project can be made, the
 * confirmation mail arrives, an invoice is listed;
 * `./orchestra stripe cancel` brings the plan back to free, the ending mail arrives, and nothing
 * stored is deleted. Each effect is awaited at most 30 s; the times are printed.
 */
class BillingJourneyTest {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(BillingJourneyTest.class.getName());

    static final String GATEWAY = StackGatewayTest.GATEWAY.toString();
    static final Path ROOT = Path.of(System.getProperty("orchestra.root", "../.."));
    private static final ObjectMapper JSON = new ObjectMapper();

    static RequestSpecification api(String token) {
        return given().baseUri(GATEWAY).contentType(ContentType.JSON).auth().oauth2(token);
    }

    static String stripe(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 2];
        command[0] = ROOT.resolve("orchestra").toString();
        command[1] = "stripe";
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("./orchestra stripe %s: %s", String.join(" ", arguments), output).isZero();
        return output;
    }

    static void awaitFor(String what, java.util.concurrent.Callable<Boolean> condition) {
        long start = System.nanoTime();
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(condition);
        LOG.info(() -> String.format("billing journey: %s after %d ms", what, (System.nanoTime() - start) / 1_000_000));
    }

    static String planClaim(String accessToken) throws Exception {
        String payload = accessToken.split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("plan").asText();
    }

    @Test
    void aFreeUserBuysProUsesItAndCancelsBackToFreeKeepingEverything() throws Exception {
        String email = "billing-" + UUID.randomUUID() + "@example.com";
        JsonNode registered = JSON.readTree(given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Paying", "password", "billing journey pass"))
                .post("/auth/register").then().statusCode(201).extract().asString());
        String token = registered.at("/data/access_token").asText();
        String refresh = registered.at("/data/refresh_token").asText();
        for (int i = 0; i < 5; i++) {
            api(token).body(Map.of("name", "Project " + i)).post("/api/v1/projects").then().statusCode(201);
        }
        api(token).body(Map.of("name", "One too many")).post("/api/v1/projects").then().statusCode(403)
                .body("details.reason", equalTo("plan_limit"));

        // Checkout (billing learns of the account from auth's events: a 503 until then).
        AtomicReference<String> session = new AtomicReference<>();
        awaitFor("a checkout session is made", () -> {
            var answer = api(token).body(Map.of("plan", "pro", "interval", "month")).post("/api/v1/billing/checkout").then().extract();
            if (answer.statusCode() == 201) {
                session.set(answer.path("data.session_id"));
                assertThat(answer.<String>path("data.url")).startsWith("http");
                return true;
            }
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(503);
            return false;
        });
        try (Device device = Device.connect(GATEWAY, token)) {
            device.socket.await("account", frame -> "free".equals(frame.path("plan").asText()));
            stripe("pay", session.get());
            long start = System.nanoTime();
            JsonNode account = device.socket.await("account", frame -> "pro".equals(frame.path("plan").asText()));
            LOG.info(() -> String.format("billing journey: the socket's account frame says pro after %d ms", (System.nanoTime() - start) / 1_000_000));
            assertThat(account.path("status").asText()).isEqualTo("active");
            assertThat(account.path("cancel_at_period_end").asBoolean()).isFalse();
            assertThat(account.path("current_period_end").asText()).isNotBlank();
        }

        awaitFor("the account's plan is pro", () -> "pro".equals(api(token).get("/api/v1/users/me").then().statusCode(200)
                .extract().path("data.plan")));
        JsonNode refreshed = JSON.readTree(given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("refresh_token", refresh))
                .post("/auth/refresh").then().statusCode(200).extract().asString());
        String proToken = refreshed.at("/data/access_token").asText();
        refresh = refreshed.at("/data/refresh_token").asText();
        assertThat(planClaim(proToken)).isEqualTo("pro");
        awaitFor("a sixth project can be made", () -> api(proToken).body(Map.of("name", "Sixth")).post("/api/v1/projects").then()
                .extract().statusCode() == 201);
        awaitFor("the confirmation mail arrived", () -> MailJourneyTest.texts(email).stream()
                .anyMatch(text -> text.contains("subscription is active")));
        awaitFor("an invoice is listed", () -> api(proToken).get("/api/v1/billing/invoices").then().statusCode(200)
                .extract().jsonPath().getList("data").size() == 1);
        api(proToken).get("/api/v1/billing/subscription").then().statusCode(200).body("data.plan", equalTo("pro"));

        stripe("cancel", email);
        awaitFor("the account's plan is free again", () -> "free".equals(api(proToken).get("/api/v1/users/me").then().statusCode(200)
                .extract().path("data.plan")));
        awaitFor("the subscription-ended mail arrived", () -> MailJourneyTest.texts(email).stream()
                .anyMatch(text -> text.contains("subscription has ended")));
        // Nothing stored is deleted: all six projects are still there (new ones are refused again).
        String freeToken = JSON.readTree(given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("refresh_token", refresh))
                .post("/auth/refresh").then().statusCode(200).extract().asString()).at("/data/access_token").asText();
        assertThat(planClaim(freeToken)).isEqualTo("free");
        api(freeToken).get("/api/v1/projects").then().statusCode(200).body("data.size()", equalTo(6));
        awaitFor("a seventh project is refused on the free plan", () -> api(freeToken).body(Map.of("name", "Seventh"))
                .post("/api/v1/projects").then().extract().statusCode() == 403);
    }
}
