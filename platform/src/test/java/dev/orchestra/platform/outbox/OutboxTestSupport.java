package dev.orchestra.platform.outbox;

import dev.orchestra.platform.messaging.EventCodec;
import dev.orchestra.proto.events.v1.User;
import dev.orchestra.proto.events.v1.UserEnvelope;
import dev.orchestra.proto.events.v1.UserUpdated;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Writers as a service would write: lock the entity's row, change it, publish its event, commit. */
final class OutboxTestSupport {

    static final String CONTRACT_TOPIC = "platform.outbox.v1";
    static final String TOPIC = "test." + CONTRACT_TOPIC;

    private OutboxTestSupport() {
    }

    /** A relay of the test application's service, on a connection of its own, like the real one. */
    static OutboxRelay relay(Map<String, Object> kafka, java.time.Duration pollInterval) {
        return new OutboxRelay("platform-test", connections(), kafka, 500, pollInterval);
    }

    /** New connections to the test database, as the relay takes them (outside the pool). */
    static OutboxRelay.ConnectionSource connections() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getValue("quarkus.datasource.username", String.class);
        String password = config.getValue("quarkus.datasource.password", String.class);
        return () -> java.sql.DriverManager.getConnection(url, user, password);
    }

    static List<UUID> entities(AgroalDataSource dataSource, int count) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into test_entities (id, version) values (?, 0)")) {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.executeUpdate();
                ids.add(id);
            }
        }
        return ids;
    }

    /** Bumps the entity's version under its row lock; returns the new version. Joins the current transaction. */
    static long bump(AgroalDataSource dataSource, UUID entity) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update test_entities set version = version + 1 where id = ? returning version")) {
            update.setObject(1, entity);
            try (ResultSet result = update.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static UserEnvelope event(UUID entity, long version) {
        return UserEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(EventCodec.timestamp(Instant.now()))
                .setUserId(entity.toString())
                .setUserUpdated(UserUpdated.newBuilder().setUser(User.newBuilder().setId(entity.toString()).setVersion(version)))
                .build();
    }

    /** One write: the state change and its event in one transaction. */
    static void write(AgroalDataSource dataSource, Outbox outbox, UUID entity) {
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(CONTRACT_TOPIC, event(entity, bump(dataSource, entity))));
    }

    /** Every event id at most once, and each entity's versions in order with none missing. */
    static void assertDeliveredOnceInVersionOrder(List<ConsumerRecord<String, byte[]>> records, Map<UUID, Long> expectedVersions)
            throws Exception {
        Set<String> seen = new HashSet<>();
        Map<UUID, Long> lastVersion = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            UserEnvelope event = UserEnvelope.parseFrom(record.value());
            if (!seen.add(event.getEventId())) {
                throw new AssertionError("delivered twice: " + event.getEventId());
            }
            UUID entity = UUID.fromString(event.getUserId());
            long version = event.getUserUpdated().getUser().getVersion();
            long previous = lastVersion.getOrDefault(entity, 0L);
            if (version != previous + 1) {
                throw new AssertionError("entity " + entity + ": version " + version + " after " + previous);
            }
            lastVersion.put(entity, version);
        }
        if (!lastVersion.equals(expectedVersions)) {
            throw new AssertionError("last versions " + lastVersion + ", expected " + expectedVersions);
        }
    }
}
