package dev.orchestra.engine.client;

import io.grpc.Status;

/**
 * The engine could not be reached in time: UNAVAILABLE, DEADLINE_EXCEEDED, or no call at all
 * because the circuit breaker is open. The only failures retried in-process, the only ones the
 * breaker counts, and never a reason to give up on a job.
 */
public class EngineUnavailableException extends EngineException {

    public EngineUnavailableException(Status.Code code, String message, Throwable cause) {
        super(code, message, cause);
    }

    /** No call was made: the breaker is open. */
    public boolean breakerOpen() {
        return code() == null;
    }
}
