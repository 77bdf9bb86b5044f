package dev.orchestra.sync.service;

import dev.orchestra.sync.repository.StatsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The daily counters and active users, written in the transaction of the work they count: a day's
 * numbers are complete when the day ends, with no job at midnight to miss. Days are UTC. Callers
 * count last in their transaction, after any device row they lock (one lock order everywhere), so
 * the day's counter rows are held for the shortest time.
 */
@ApplicationScoped
public class Activity {

    private final StatsRepository stats;
    private final Clock clock;

    public Activity(StatsRepository stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void pushed(UUID userId, int mutations) {
        stats.add(today(), userId, 1, mutations, 0, 0);
        stats.active(today(), userId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void active(UUID userId) {
        stats.active(today(), userId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void logged(UUID userId, int changes, int rejections) {
        if (changes > 0 || rejections > 0) {
            stats.add(today(), userId, 0, 0, rejections, changes);
        }
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
