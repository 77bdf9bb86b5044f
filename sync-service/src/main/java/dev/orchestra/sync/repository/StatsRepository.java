package dev.orchestra.sync.repository;

import dev.orchestra.platform.persistence.Sql;
import dev.orchestra.sync.domain.DailyStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class StatsRepository {

    static final int SHARDS = 16;

    private final Sql jdbc;

    public StatsRepository(Sql jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds to the day's counters, in the caller's transaction, on the user's shard of the day. */
    public void add(LocalDate day, UUID userId, long pushes, long mutations, long rejections, long changes) {
        jdbc.update("insert into daily_stats (day, shard, pushes, mutations, rejections, changes) values (?, ?, ?, ?, ?, ?) "
                + "on conflict (day, shard) do update set pushes = daily_stats.pushes + excluded.pushes, "
                + "mutations = daily_stats.mutations + excluded.mutations, rejections = daily_stats.rejections + excluded.rejections, "
                + "changes = daily_stats.changes + excluded.changes", s -> {
                    s.setDate(1, Date.valueOf(day));
                    s.setShort(2, (short) Math.floorMod(userId.hashCode(), SHARDS));
                    s.setLong(3, pushes);
                    s.setLong(4, mutations);
                    s.setLong(5, rejections);
                    s.setLong(6, changes);
                });
    }

    public void active(LocalDate day, UUID userId) {
        jdbc.update("insert into daily_active_users (day, user_id) values (?, ?) on conflict do nothing", s -> {
            s.setDate(1, Date.valueOf(day));
            s.setObject(2, userId);
        });
    }

    /** Each day of the range that saw anything, oldest first. */
    public List<DailyStats> between(LocalDate from, LocalDate to) {
        return jdbc.list("select d.day, coalesce(s.pushes, 0) as pushes, coalesce(s.mutations, 0) as mutations, "
                + "coalesce(s.rejections, 0) as rejections, coalesce(s.changes, 0) as changes, coalesce(a.users, 0) as users "
                + "from (select day from daily_stats where day between ? and ? union select day from daily_active_users "
                + "where day between ? and ?) d "
                + "left join (select day, sum(pushes) as pushes, sum(mutations) as mutations, sum(rejections) as rejections, "
                + "sum(changes) as changes from daily_stats where day between ? and ? group by day) s on s.day = d.day "
                + "left join (select day, count(*) as users from daily_active_users where day between ? and ? group by day) a "
                + "on a.day = d.day order by d.day", s -> {
                    for (int i = 0; i < 4; i++) {
                        s.setDate(2 * i + 1, Date.valueOf(from));
                        s.setDate(2 * i + 2, Date.valueOf(to));
                    }
                }, row -> new DailyStats(row.getDate("day").toLocalDate(), row.getLong("pushes"), row.getLong("mutations"),
                        row.getLong("rejections"), row.getLong("changes"), row.getLong("users")));
    }
}
