package dev.orchestra.sync.domain;

import java.time.LocalDate;

/** One day's activity across all users. */
public record DailyStats(LocalDate day, long pushes, long mutations, long rejections, long changes, long activeUsers) {
}
