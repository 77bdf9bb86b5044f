package dev.orchestra.notification.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a delivery stands: waiting (first try or a retry), or final. */
public enum DeliveryStatus {
    PENDING,
    /** The SMTP server accepted the mail. */
    SENT,
    /** Every attempt within the retry window failed. */
    FAILED,
    /** The mail's one-time token expired before it could be sent: a dead link is never sent. */
    EXPIRED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> of(String id) {
        return Arrays.stream(values()).filter(status -> status.id().equals(id)).findFirst();
    }
}
