package dev.orchestra.billing.service;

import dev.orchestra.billing.domain.Attempt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The idempotency key of a POST to Stripe: the SHA-256 (hex, 64 characters) of what the call does —
 * the user, the purpose, the price id (empty when none) — and the attempt id recorded before the call.
 * The same attempt retried replays Stripe's first answer (no second customer or session); a new
 * attempt gets something new (never an old session back).
 */
public final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    public static String of(UUID userId, Attempt.Purpose purpose, String priceId, UUID attemptId) {
        String text = userId + "\n" + purpose.id() + "\n" + (priceId == null ? "" : priceId) + "\n" + attemptId;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String of(Attempt attempt) {
        return of(attempt.userId(), attempt.purpose(), attempt.priceId(), attempt.id());
    }
}
