package dev.orchestra.notification.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.platform.paging.Keyset;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The delivery log. */
@ApplicationScoped
public class DeliveryRepository {

    private static final String COLUMNS = "id, event_id, template, user_id, email, name, token, expires_at, data::text as data, "
            + "status, attempts, last_error, next_attempt_at, give_up_at, created_at, updated_at, sent_at";
    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {
    };
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sql sql;

    public DeliveryRepository(AgroalDataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    /** Records the delivery unless this event already has one of this template: true when recorded. */
    public boolean insertIfAbsent(Delivery delivery) {
        return sql.update("insert into deliveries (id, event_id, template, user_id, email, name, token, expires_at, data, status, "
                + "attempts, next_attempt_at, give_up_at, created_at, updated_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 0, ?, ?, ?, ?) on conflict (event_id, template) do nothing", s -> {
                    s.setObject(1, delivery.id());
                    s.setObject(2, delivery.eventId());
                    s.setString(3, delivery.kind().id());
                    s.setObject(4, delivery.userId());
                    s.setString(5, delivery.email());
                    s.setString(6, delivery.name());
                    s.setString(7, delivery.token());
                    s.setTimestamp(8, Sql.timestamp(delivery.expiresAt()));
                    s.setString(9, json(delivery.data()));
                    s.setString(10, delivery.status().id());
                    s.setTimestamp(11, Sql.timestamp(delivery.nextAttemptAt()));
                    s.setTimestamp(12, Sql.timestamp(delivery.giveUpAt()));
                    s.setTimestamp(13, Sql.timestamp(delivery.createdAt()));
                    s.setTimestamp(14, Sql.timestamp(delivery.updatedAt()));
                }) == 1;
    }

    /**
     * The pending delivery that is due first, locked for the rest of the caller's transaction. Rows
     * other transactions hold (another sender thread or replica) are skipped: each is claimed once.
     */
    public Optional<Delivery> lockNextDue(Instant now) {
        return sql.one("select " + COLUMNS + " from deliveries where status = 'pending' and next_attempt_at <= ? "
                + "order by next_attempt_at limit 1 for update skip locked", s -> s.setTimestamp(1, Sql.timestamp(now)),
                DeliveryRepository::map);
    }

    public void markSent(UUID id, String email, int attempts, Instant now) {
        sql.update("update deliveries set status = 'sent', email = ?, token = null, attempts = ?, last_error = null, "
                + "next_attempt_at = null, sent_at = ?, updated_at = ? where id = ?", s -> {
                    s.setString(1, email);
                    s.setInt(2, attempts);
                    s.setTimestamp(3, Sql.timestamp(now));
                    s.setTimestamp(4, Sql.timestamp(now));
                    s.setObject(5, id);
                });
    }

    public void scheduleRetry(UUID id, int attempts, String error, Instant nextAttemptAt, Instant now) {
        sql.update("update deliveries set attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? where id = ?", s -> {
            s.setInt(1, attempts);
            s.setString(2, error);
            s.setTimestamp(3, Sql.timestamp(nextAttemptAt));
            s.setTimestamp(4, Sql.timestamp(now));
            s.setObject(5, id);
        });
    }

    /** Ends a delivery unsent (failed or expired); its token is forgotten. */
    public void finishUnsent(UUID id, DeliveryStatus status, int attempts, String error, Instant now) {
        sql.update("update deliveries set status = ?, token = null, attempts = ?, last_error = ?, next_attempt_at = null, "
                + "updated_at = ? where id = ?", s -> {
                    s.setString(1, status.id());
                    s.setInt(2, attempts);
                    s.setString(3, error);
                    s.setTimestamp(4, Sql.timestamp(now));
                    s.setObject(5, id);
                });
    }

    public void delete(UUID id) {
        sql.update("delete from deliveries where id = ?", s -> s.setObject(1, id));
    }

    /** Every delivery to the user, whatever its status (erasure). Waits for a row being sent right now. */
    public int deleteForUser(UUID userId) {
        return sql.update("delete from deliveries where user_id = ?", s -> s.setObject(1, userId));
    }

    /**
     * Pending billing mails of the user that were waiting for an address become due now: true when
     * there was one.
     */
    public boolean advanceAwaitingAddress(UUID userId, Instant now) {
        return sql.update("update deliveries set next_attempt_at = ?, updated_at = ? "
                + "where user_id = ? and status = 'pending' and email is null and next_attempt_at > ?", s -> {
                    s.setTimestamp(1, Sql.timestamp(now));
                    s.setTimestamp(2, Sql.timestamp(now));
                    s.setObject(3, userId);
                    s.setTimestamp(4, Sql.timestamp(now));
                }) > 0;
    }

    public Optional<Delivery> find(UUID id) {
        return sql.one("select " + COLUMNS + " from deliveries where id = ?", s -> s.setObject(1, id), DeliveryRepository::map);
    }

    public List<Delivery> findByEvent(UUID eventId) {
        return sql.list("select " + COLUMNS + " from deliveries where event_id = ? order by template", s -> s.setObject(1, eventId),
                DeliveryRepository::map);
    }

    public List<Delivery> findByUser(UUID userId) {
        return sql.list("select " + COLUMNS + " from deliveries where user_id = ? order by created_at, id",
                s -> s.setObject(1, userId), DeliveryRepository::map);
    }

    /** Newest first by (created_at, id), after the given position, all or of one status. */
    public List<Delivery> page(DeliveryStatus status, Keyset after, int size) {
        StringBuilder query = new StringBuilder("select ").append(COLUMNS).append(" from deliveries where true");
        if (status != null) {
            query.append(" and status = ?");
        }
        if (after != null) {
            query.append(" and (created_at, id) < (?, ?)");
        }
        query.append(" order by created_at desc, id desc limit ?");
        return sql.list(query.toString(), s -> {
            int i = 1;
            if (status != null) {
                s.setString(i++, status.id());
            }
            if (after != null) {
                s.setTimestamp(i++, Sql.timestamp(after.createdAt()));
                s.setObject(i++, after.id());
            }
            s.setInt(i, size);
        }, DeliveryRepository::map);
    }

    private static Delivery map(ResultSet row) throws SQLException {
        return new Delivery(
                row.getObject("id", UUID.class),
                row.getObject("event_id", UUID.class),
                MailKind.of(row.getString("template")).orElseThrow(() -> new IllegalStateException("unknown template")),
                row.getObject("user_id", UUID.class),
                row.getString("email"),
                row.getString("name"),
                row.getString("token"),
                Sql.instant(row, "expires_at"),
                data(row.getString("data")),
                DeliveryStatus.of(row.getString("status")).orElseThrow(() -> new IllegalStateException("unknown status")),
                row.getInt("attempts"),
                row.getString("last_error"),
                Sql.instant(row, "next_attempt_at"),
                Sql.instant(row, "give_up_at"),
                Sql.instant(row, "created_at"),
                Sql.instant(row, "updated_at"),
                Sql.instant(row, "sent_at"));
    }

    private static String json(Map<String, String> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unwritable delivery data", e);
        }
    }

    private static Map<String, String> data(String json) {
        try {
            return JSON.readValue(json, DATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable delivery data", e);
        }
    }
}
