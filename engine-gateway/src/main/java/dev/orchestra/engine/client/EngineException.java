package dev.orchestra.engine.client;

import io.grpc.Status;

/**
 * A call to the engine that did not succeed, with the gRPC status it ended with. The kinds that
 * callers tell apart: {@link #isRefusal()} (INVALID_ARGUMENT: the request can never succeed) and
 * {@link EngineUnavailableException} (the engine is down, too slow, or the breaker is open).
 */
public class EngineException extends RuntimeException {

    private final Status.Code code;

    public EngineException(Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Maps a failed call: UNAVAILABLE and DEADLINE_EXCEEDED are outages, the rest are answers. */
    static EngineException of(String method, io.grpc.StatusRuntimeException e) {
        Status status = e.getStatus();
        String message = method + ": " + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new EngineUnavailableException(status.getCode(), message, e);
            default -> new EngineException(status.getCode(), message, e);
        };
    }

    /** The status the engine (or the channel) answered; null when no call was made (breaker open). */
    public Status.Code code() {
        return code;
    }

    /** The engine refused the request itself (INVALID_ARGUMENT): repeating it cannot succeed. */
    public boolean isRefusal() {
        return code == Status.Code.INVALID_ARGUMENT;
    }

    /** The engine's description of a refusal, without the method and status prefix. */
    public String description() {
        if (getCause() instanceof io.grpc.StatusRuntimeException e && e.getStatus().getDescription() != null) {
            return e.getStatus().getDescription();
        }
        return getMessage();
    }
}
