package dev.orchestra.enginedev;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands before every Engine call: waits out the artificial delay (if any), then lets the call do
 * its work only if its deadline has not passed and the client has not cancelled it meanwhile.
 */
final class CallGate implements ServerInterceptor {

    private final Duration delay;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger delayed = new AtomicInteger();

    CallGate(Duration delay) {
        this.delay = delay;
    }

    long refusedCalls() {
        return refused.get();
    }

    /** Calls waiting out the delay right now. */
    int delayedCalls() {
        return delayed.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            @Override
            public void onHalfClose() {
                // A unary call runs its method here, once the request has fully arrived.
                Context context = Context.current();
                waitOutDelay(context);
                Status unwanted = noLongerWanted(context);
                if (unwanted != null) {
                    refused.incrementAndGet();
                    call.close(unwanted, new Metadata());
                    return;
                }
                super.onHalfClose();
            }
        };
    }

    /** Sleeps for the delay, but wakes up as soon as the deadline passes or the client cancels. */
    private void waitOutDelay(Context context) {
        if (delay.isZero()) {
            return;
        }
        CountDownLatch cancelled = new CountDownLatch(1);
        Context.CancellationListener listener = c -> cancelled.countDown();
        context.addListener(listener, Runnable::run);
        delayed.incrementAndGet();
        try {
            cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delayed.decrementAndGet();
            context.removeListener(listener);
        }
    }

    /**
     * For work that may have waited (for the index's write lock, say) since the gate let it in: a
     * call cancelled or past its deadline meanwhile must change nothing. Throws its status (counted
     * as refused) when the call is no longer wanted; outside a call it never does.
     */
    void ensureStillWanted() {
        Status unwanted = noLongerWanted(Context.current());
        if (unwanted != null) {
            refused.incrementAndGet();
            throw unwanted.asRuntimeException();
        }
    }

    /** The status a call cancelled or past its deadline ends with; null while it is still wanted. */
    private static Status noLongerWanted(Context context) {
        if (context.isCancelled()) {
            return Contexts.statusFromCancelled(context);
        }
        // The deadline's timer may not have cancelled the context yet.
        Deadline deadline = context.getDeadline();
        return deadline != null && deadline.isExpired() ? Status.DEADLINE_EXCEEDED.withDescription("deadline passed") : null;
    }
}
