package dev.orchestra.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What is waited out (an outage) and what is dead-lettered (data or a bug). */
class InfrastructureTest {

    @Test
    void outagesAreTransientDataAndBugsAreNot() {
        for (String state : new String[] {"08006", "25006", "28P01", "28000", "3D000", "40001", "53300", "55P03", "57P01", "58030",
                "XX000", "42P01", "42501", "3F000"}) {
            assertThat(Infrastructure.isTransient(new IllegalStateException(new SQLException("x", state)))).as(state).isTrue();
        }
        for (String state : new String[] {"23505", "22001", "42601", "25P02"}) {
            assertThat(Infrastructure.isTransient(new IllegalStateException(new SQLException("x", state)))).as(state).isFalse();
        }
        assertThat(Infrastructure.isTransient(new NullPointerException("a bug"))).isFalse();
    }

    @Test
    void aRollbackIsTransientWithNothingBehindItOrAnOutageBehindIt() {
        // The transaction manager's timeout: the commit is refused with no other cause.
        assertThat(Infrastructure.isTransient(new IllegalStateException(new RollbackException("ARJUNA016102: not active")))).isTrue();
        // Refused because of something else (a failed flush, an exception the effect swallowed): that decides.
        RollbackException caused = new RollbackException("rolled back");
        caused.initCause(new IllegalArgumentException("a bug in the effect"));
        assertThat(Infrastructure.isTransient(new IllegalStateException(caused))).isFalse();
        RollbackException suppressed = new RollbackException("rolled back");
        suppressed.addSuppressed(new IllegalArgumentException("a bug in the effect"));
        assertThat(Infrastructure.isTransient(suppressed)).isFalse();
        // Refused because the commit met an outage (a standby's read-only session, a dropped connection): waited out.
        for (String state : new String[] {"25006", "08006"}) {
            RollbackException atCommit = new RollbackException("rolled back");
            atCommit.initCause(new IllegalStateException("flush failed", new SQLException("x", state)));
            assertThat(Infrastructure.isTransient(new IllegalStateException(atCommit))).as(state).isTrue();
            RollbackException suppressedOutage = new RollbackException("rolled back");
            suppressedOutage.addSuppressed(new SQLException("x", state));
            assertThat(Infrastructure.isTransient(suppressedOutage)).as(state).isTrue();
        }
        RollbackException dataAtCommit = new RollbackException("rolled back");
        dataAtCommit.initCause(new SQLException("duplicate", "23505"));
        assertThat(Infrastructure.isTransient(dataAtCommit)).isFalse();
    }
}
