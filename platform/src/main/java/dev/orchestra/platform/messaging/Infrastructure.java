package dev.orchestra.platform.messaging;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.SQLRecoverableException;

/**
 * Tells a failure of the infrastructure (it passes when the database or the network comes back,
 * or an operator fixes a grant or a migration) from one of the data or the code (it fails again
 * however often it is retried).
 */
final class Infrastructure {

    private Infrastructure() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof ConnectException || cause instanceof SocketException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                return isTransientState(sql.getSQLState());
            }
            if (cause instanceof jakarta.transaction.SystemException) {
                return true;
            }
            if (cause instanceof jakarta.transaction.RollbackException
                    || cause instanceof jakarta.transaction.HeuristicRollbackException) {
                // A commit refused with nothing behind it: the transaction manager's timeout ended the
                // transaction (or an operator did); the next attempt gets a fresh one. One refused
                // because of something (the commit's flush on a connection that dropped or went
                // read-only, an exception the effect swallowed after it marked the transaction) is that
                // something's to judge: an outage stays an outage, a bug stays a bug.
                if (cause.getCause() == null && cause.getSuppressed().length == 0) {
                    return true;
                }
                for (Throwable suppressed : cause.getSuppressed()) {
                    if (isTransient(suppressed)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * PostgreSQL SQL states: connection (08), invalid transaction state — a read-only transaction
     * on a standby during a failover (25), invalid authorization — a rotated password (28), a
     * missing database (3D), transaction rollback — serialization failure, deadlock (40),
     * insufficient resources (53), object not in prerequisite state — lock not available (55),
     * operator intervention — shutdown, cancel, timeout (57), system errors (58, XX), and the few
     * schema problems an operator fixes: a missing table (42P01) or schema (3F000), a missing grant
     * (42501). No state at all is a driver or pool failure (an acquisition timeout). Data errors
     * (22, 23) and SQL bugs (the rest of 42) are not.
     */
    static boolean isTransientState(String state) {
        if (state == null || state.length() < 2) {
            return true;
        }
        if (state.equals("42P01") || state.equals("42501") || state.equals("3F000")) {
            return true;
        }
        if (state.equals("25P02")) {
            // "current transaction is aborted": the code went on after an earlier error, which decides.
            return false;
        }
        return switch (state.substring(0, 2)) {
            case "08", "25", "28", "3D", "40", "53", "55", "57", "58", "XX" -> true;
            default -> false;
        };
    }
}
