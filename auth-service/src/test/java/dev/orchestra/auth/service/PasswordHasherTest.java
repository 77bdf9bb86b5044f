package dev.orchestra.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher(19456, 2, 1);

    @Test
    void hashesAsArgon2idPhcStringsThatVerify() {
        String phc = hasher.hash("correct horse battery staple");
        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify(phc, "correct horse battery staple")).isTrue();
        assertThat(hasher.verify(phc, "correct horse battery stapler")).isFalse();
        assertThat(hasher.hash("correct horse battery staple")).as("salted").isNotEqualTo(phc);
    }

    @Test
    void aHashOfOtherParametersStillVerifiesAndAsksForARehash() {
        PasswordHasher stronger = new PasswordHasher(32768, 3, 1);
        String old = hasher.hash("a password of ten");
        assertThat(stronger.verify(old, "a password of ten")).isTrue();
        assertThat(stronger.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(old)).isFalse();
        assertThat(stronger.needsRehash(stronger.hash("a password of ten"))).isFalse();
        assertThat(hasher.needsRehash("$2a$10$someBcryptHashFromElsewhere")).isTrue();
    }

    @Test
    void unknownUsersStillCostOneVerificationOfTheConfiguredCostAndNeverMatch() {
        assertThat(hasher.verifyAgainstNothing("anything at all")).isFalse();
        assertThat(hasher.dummyHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(new PasswordHasher(32768, 3, 1).dummyHash()).startsWith("$argon2id$v=19$m=32768,t=3,p=1$");
    }

    @Test
    void refusesToHashOnTheEventLoop() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            java.util.concurrent.CompletableFuture<Throwable> refused = new java.util.concurrent.CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                try {
                    hasher.hash("a password of ten");
                    refused.complete(null);
                } catch (Throwable e) {
                    refused.complete(e);
                }
            });
            assertThat(refused.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event loop");
        } finally {
            vertx.close();
        }
    }

    @Test
    void refusesParametersBelowTheFloor() {
        assertThatThrownBy(() -> new PasswordHasher(4096, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(19456, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
