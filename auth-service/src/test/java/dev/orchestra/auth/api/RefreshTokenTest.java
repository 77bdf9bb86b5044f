package dev.orchestra.auth.api;

import static dev.orchestra.auth.support.AuthApi.me;
import static dev.orchestra.auth.support.AuthApi.post;
import static dev.orchestra.auth.support.AuthApi.refresh;
import static dev.orchestra.auth.support.AuthApi.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.auth.support.AuthApi.Account;
import dev.orchestra.auth.support.Jwt;
import dev.orchestra.auth.support.TestClock;
import dev.orchestra.platform.testing.TopicRecorder;
import dev.orchestra.proto.events.v1.UserEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshTokenTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aRefreshRotatesTheTokenAndKeepsTheSession() {
        Account account = registered();
        var rotated = refresh(account.refreshToken()).statusCode(200)
                .body("data.user.id", equalTo(account.id().toString()))
                .body("data.token_type", equalTo("Bearer"))
                .extract();
        String next = rotated.path("data.refresh_token");
        assertThat(next).isNotEqualTo(account.refreshToken()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Jwt.sessionId(rotated.path("data.access_token"))).isEqualTo(account.sessionId());
        me(rotated.path("data.access_token")).statusCode(200);
        // The successor rotates in turn.
        assertThat(refresh(next).statusCode(200).extract().<String>path("data.refresh_token")).isNotEqualTo(next);
    }

    @Test
    void theJustRotatedTokenWithinTheGraceGetsTheSameSuccessorAndAFreshAccessToken() throws Exception {
        Account account = registered();
        // Two devices' worth of concurrency: the same token refreshed twice at once.
        var first = CompletableFuture.supplyAsync(() -> refresh(account.refreshToken()).statusCode(200).extract());
        var second = CompletableFuture.supplyAsync(() -> refresh(account.refreshToken()).statusCode(200).extract());
        String a = first.get().path("data.refresh_token");
        String b = second.get().path("data.refresh_token");
        assertThat(a).isEqualTo(b);
        clock.advance(Duration.ofSeconds(29));
        var again = refresh(account.refreshToken()).statusCode(200).extract();
        assertThat(again.<String>path("data.refresh_token")).isEqualTo(a);
        assertThat(Jwt.claims(again.path("data.access_token")).get("jti").asText())
                .isNotEqualTo(Jwt.claims(first.get().path("data.access_token")).get("jti").asText());
        // The successor itself still works.
        refresh(a).statusCode(200);
    }

    @Test
    void theRotatedTokenAfterTheGraceRevokesTheWholeFamily() {
        Account account = registered();
        var rotated = refresh(account.refreshToken()).statusCode(200).extract();
        String successor = rotated.path("data.refresh_token");
        String accessToken = rotated.path("data.access_token");
        try (var users = TopicRecorder.of("test.auth.users.v1")) {
            clock.advance(Duration.ofSeconds(31));
            refresh(account.refreshToken()).statusCode(401).body("error", equalTo("unauthorized"));
            var revoked = users.awaitEvent(UserEnvelope.parser(),
                    e -> e.envelope().getUserId().equals(account.id().toString()) && e.envelope().hasSessionsRevoked());
            assertThat(revoked.ceType()).isEqualTo("dev.orchestra.auth.sessions_revoked.v1");
            assertThat(revoked.envelope().getSessionsRevoked().getSessionIdsList()).containsExactly(account.sessionId().toString());
        }
        refresh(successor).statusCode(401);
        me(accessToken).statusCode(401);
    }

    @Test
    void aRefreshTokenLivesThirtyDays() {
        Account account = registered();
        clock.advance(Duration.ofDays(30).minusMinutes(1));
        String next = refresh(account.refreshToken()).statusCode(200).extract().path("data.refresh_token");
        // Each rotation starts another thirty days.
        clock.advance(Duration.ofDays(30).minusMinutes(1));
        refresh(next).statusCode(200);
    }

    @Test
    void garbageExpiredAndMissingTokensAre401Or422() {
        refresh("not-a-token").statusCode(401).body("error", equalTo("unauthorized"));
        refresh("A".repeat(43)).statusCode(401);
        post("/auth/refresh", Map.of()).statusCode(401);
        Account account = registered();
        clock.advance(Duration.ofDays(30).plusSeconds(1));
        refresh(account.refreshToken()).statusCode(401);
        AuthApiBodies.post("/auth/refresh", "{\"refresh_token\": 12}").statusCode(422);
    }

    @Test
    void aRefreshedTokenCarriesTheCurrentStateOfTheUser() {
        Account account = registered();
        var claims = Jwt.claims(refresh(account.refreshToken()).statusCode(200).extract().path("data.access_token"));
        assertThat(claims.get("groups").size()).isEqualTo(1);
        assertThat(claims.get("groups").get(0).asText()).isEqualTo("user");
        assertThat(List.of(claims.get("iss").asText())).containsExactly("https://auth.orchestra.dev");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
    }
}
