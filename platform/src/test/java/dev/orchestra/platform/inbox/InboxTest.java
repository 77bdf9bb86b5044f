package dev.orchestra.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InboxTest {

    @Inject
    Inbox inbox;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void concurrentRedeliveriesOfOneEventHaveOneEffect() throws Exception {
        UUID eventId = UUID.randomUUID();
        int before = counter();
        int deliveries = 8;
        CyclicBarrier together = new CyclicBarrier(deliveries);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                results.add(pool.submit(() -> {
                    together.await();
                    return QuarkusTransaction.requiringNew().call(() -> {
                        boolean first = inbox.claim("inbox-test", eventId);
                        if (first) {
                            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                                statement.executeUpdate("update probe_counter set value = value + 1 where id = 1");
                            }
                        }
                        return first;
                    });
                }));
            }
            long firsts = 0;
            for (Future<Boolean> result : results) {
                firsts += result.get() ? 1 : 0;
            }
            assertThat(firsts).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter()).isEqualTo(before + 1);
    }

    @Test
    void aClaimRolledBackWithItsEffectLeavesTheEventUnprocessed() {
        UUID eventId = UUID.randomUUID();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                inbox.claim("inbox-test", eventId);
                throw new IllegalStateException("the effect failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.claim("inbox-test", eventId))).isTrue();
    }

    int counter() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // Other tests clean the schema: the counter's row comes back on demand.
            statement.executeUpdate("insert into probe_counter (id, value) values (1, 0) on conflict do nothing");
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select value from probe_counter where id = 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
