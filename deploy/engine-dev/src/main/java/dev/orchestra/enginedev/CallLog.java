package dev.orchestra.enginedev;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line per call when it is answered: method, status, time taken. Health checks (polled by
 * engine-gateway every few seconds) go to FINE so they do not drown the rest.
 */
final class CallLog implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(CallLog.class.getName());

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        long started = System.nanoTime();
        String service = call.getMethodDescriptor().getServiceName();
        String method = call.getMethodDescriptor().getBareMethodName();
        ServerCall<Q, R> logged = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                Level level = level(service, status);
                if (LOG.isLoggable(level)) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
                    LOG.log(level, method + " " + status.getCode() + " " + millis + " ms" + detail);
                }
                super.close(status, trailers);
            }
        };
        return next.startCall(logged, headers);
    }

    private static Level level(String service, Status status) {
        return switch (status.getCode()) {
            case INTERNAL, UNKNOWN, DATA_LOSS -> Level.WARNING;
            default -> "grpc.health.v1.Health".equals(service) ? Level.FINE : Level.INFO;
        };
    }
}
