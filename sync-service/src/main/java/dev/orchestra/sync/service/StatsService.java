package dev.orchestra.sync.service;

import dev.orchestra.platform.error.ApiException;
import dev.orchestra.sync.domain.DailyStats;
import dev.orchestra.sync.repository.StatsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Daily activity for admins: {@code from} and {@code to} are UTC dates, at most a year apart. */
@ApplicationScoped
public class StatsService {

    private static final int MAX_DAYS = 366;

    private final StatsRepository stats;
    private final Clock clock;

    public StatsService(StatsRepository stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    /** Defaults: the last 30 days up to today. */
    @Transactional
    public List<DailyStats> daily(String fromText, String toText) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to = toText == null || toText.isEmpty() ? today : date("to", toText);
        LocalDate from = fromText == null || fromText.isEmpty() ? max(to.minusDays(29), LocalDate.of(1, 1, 1)) : date("from", fromText);
        if (from.isAfter(to)) {
            throw ApiException.invalid("from", "Must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ApiException.invalid("from", "At most " + MAX_DAYS + " days at once");
        }
        return stats.between(from, to);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate date(String field, String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            // Years the database stores, and that leave room for the 30-day default before them.
            if (date.getYear() >= 1 && date.getYear() <= 9999) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ApiException.invalid(field, "Must be a date such as 2026-11-25");
    }
}
