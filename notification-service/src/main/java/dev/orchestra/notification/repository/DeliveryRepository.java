package dev.orchestra.notification.repository;

import dev.orchestra.platform.persistence.Sql;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.DeliveryClaim;
import dev.orchestra.notification.domain.DeliveryLogEntry;
import dev.orchestra.notification.domain.DeliveryStatus;
import dev.orchestra.notification.domain.MailKind;
import dev.orchestra.notification.domain.UnreadableDeliveryException;
import dev.orchestra.platform.paging.Keyset;
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

    public DeliveryRepository(Sql sql) {
        this.sql = sql;
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
     * other transactions hold (another sender thread or replica, or an erasure) are skipped: each is
     * claimed once. Only what the sender needs to record an outcome is read here, so that a row whose
     * template or data cannot be read is still claimed (and ended), never left to block the others.
     */
    public Optional<DeliveryClaim> claimNextDue(Instant now) {
        return sql.one("select id, attempts, expires_at, give_up_at from deliveries where status = 'pending' "
                + "and next_attempt_at <= ? order by next_attempt_at, id limit 1 for update skip locked",
                s -> s.setTimestamp(1, Sql.timestamp(now)),
                row -> new DeliveryClaim(row.getObject("id", UUID.class), row.getInt("attempts"), Sql.instant(row, "expires_at"),
                        Sql.instant(row, "give_up_at")));
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

    /**
     * Records an attempt that ended in an unexpected failure, from a transaction of its own (the
     * attempt's was rolled back): pending until {@code nextAttemptAt}, or final ({@code status} failed
     * or expired, the token forgotten). Only if the row is still where the attempt found it (pending,
     * {@code seenAttempts} attempts): true when it was.
     */
    public boolean recordFailure(UUID id, int seenAttempts, DeliveryStatus status, String error, Instant nextAttemptAt,
                                 Instant now) {
        return sql.update("update deliveries set status = ?, token = case when ? then token end, attempts = ?, last_error = ?, "
                + "next_attempt_at = ?, updated_at = ? where id = ? and status = 'pending' and attempts = ?", s -> {
                    s.setString(1, status.id());
                    s.setBoolean(2, status == DeliveryStatus.PENDING);
                    s.setInt(3, seenAttempts + 1);
                    s.setString(4, error);
                    s.setTimestamp(5, Sql.timestamp(nextAttemptAt));
                    s.setTimestamp(6, Sql.timestamp(now));
                    s.setObject(7, id);
                    s.setInt(8, seenAttempts);
                }) == 1;
    }

    public void delete(UUID id) {
        sql.update("delete from deliveries where id = ?", s -> s.setObject(1, id));
    }

    /**
     * Every delivery to the user, whatever its status (erasure). First, at once, every row no sender
     * holds (they are locked by this transaction from then on, so no sender can claim one while the
     * erasure waits); then the rows being sent right now, waiting for those sends to end.
     */
    public int deleteForUser(UUID userId) {
        int idle = sql.update("delete from deliveries where id in "
                + "(select id from deliveries where user_id = ? for update skip locked)", s -> s.setObject(1, userId));
        return idle + sql.update("delete from deliveries where user_id = ?", s -> s.setObject(1, userId));
    }

    /**
     * Pending billing mails of the user, which were waiting for an address, are due now (those due
     * already stay so): true when there was one, so that the senders are woken for it.
     */
    public boolean advanceAwaitingAddress(UUID userId, Instant now) {
        return sql.update("update deliveries set next_attempt_at = least(next_attempt_at, ?), updated_at = ? "
                + "where user_id = ? and status = 'pending' and email is null", s -> {
                    s.setTimestamp(1, Sql.timestamp(now));
                    s.setTimestamp(2, Sql.timestamp(now));
                    s.setObject(3, userId);
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
    public List<DeliveryLogEntry> page(DeliveryStatus status, Keyset after, int size) {
        StringBuilder query = new StringBuilder("select id, event_id, template, user_id, email, status, attempts, last_error, "
                + "next_attempt_at, expires_at, created_at, updated_at, sent_at from deliveries where true");
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
        }, row -> new DeliveryLogEntry(row.getObject("id", UUID.class), row.getObject("event_id", UUID.class),
                row.getString("template"), row.getObject("user_id", UUID.class), row.getString("email"), row.getString("status"),
                row.getInt("attempts"), row.getString("last_error"), Sql.instant(row, "next_attempt_at"),
                Sql.instant(row, "expires_at"), Sql.instant(row, "created_at"), Sql.instant(row, "updated_at"),
                Sql.instant(row, "sent_at")));
    }

    private static Delivery map(ResultSet row) throws SQLException {
        return new Delivery(
                row.getObject("id", UUID.class),
                row.getObject("event_id", UUID.class),
                kind(row.getString("template")),
                row.getObject("user_id", UUID.class),
                row.getString("email"),
                row.getString("name"),
                row.getString("token"),
                Sql.instant(row, "expires_at"),
                data(row.getString("data")),
                status(row.getString("status")),
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
            Map<String, String> data = JSON.readValue(json, DATA);
            if (data == null) {
                throw new UnreadableDeliveryException("template data is null");
            }
            return data;
        } catch (JsonProcessingException e) {
            throw new UnreadableDeliveryException("template data is not an object of strings", e);
        }
    }

    private static MailKind kind(String template) {
        return MailKind.of(template).orElseThrow(() -> new UnreadableDeliveryException("unknown template " + quoted(template)));
    }

    private static DeliveryStatus status(String status) {
        return DeliveryStatus.of(status).orElseThrow(() -> new UnreadableDeliveryException("unknown status " + quoted(status)));
    }

    private static String quoted(String value) {
        String shown = value == null ? "null" : value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "'" + shown + "'";
    }
}
