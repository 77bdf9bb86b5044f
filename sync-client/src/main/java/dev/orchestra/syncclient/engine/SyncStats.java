package dev.orchestra.syncclient.engine;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a session (for the log, benchmarks and tests): what happened on the wire. */
public final class SyncStats {

    public final AtomicLong pulls = new AtomicLong();
    public final AtomicLong pushes = new AtomicLong();
    public final AtomicLong mutationsPushed = new AtomicLong();
    public final AtomicLong framesApplied = new AtomicLong();
    public final AtomicLong gapsDetected = new AtomicLong();
    public final AtomicLong socketsOpened = new AtomicLong();
    /** Sockets reopened ahead of the token's expiry with a renewed token. */
    public final AtomicLong tokenRenewals = new AtomicLong();
    /** Sockets the server closed with 4401 (token ended), each followed by a reconnect with a fresh token. */
    public final AtomicLong tokenEndedCloses = new AtomicLong();
    public final AtomicLong filesWritten = new AtomicLong();
    public final AtomicLong conflicts = new AtomicLong();
    public final AtomicLong rejections = new AtomicLong();

    @Override
    public String toString() {
        return "pulls=" + pulls + " pushes=" + pushes + " mutations=" + mutationsPushed + " frames=" + framesApplied + " gaps=" + gapsDetected
                + " sockets=" + socketsOpened + " renewals=" + tokenRenewals + " closes4401=" + tokenEndedCloses + " written=" + filesWritten
                + " conflicts=" + conflicts + " rejections=" + rejections;
    }
}
