package dev.orchestra.stripelocal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Billing periods: calendar months and years in UTC, as Stripe bills them. */
final class Periods {

    private Periods() {
    }

    static long add(long epochSeconds, String interval) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC);
        ZonedDateTime next = switch (interval) {
            case "day" -> t.plusDays(1);
            case "week" -> t.plusWeeks(1);
            case "month" -> t.plusMonths(1);
            case "year" -> t.plusYears(1);
            default -> throw new IllegalArgumentException(interval);
        };
        return next.toEpochSecond();
    }
}
