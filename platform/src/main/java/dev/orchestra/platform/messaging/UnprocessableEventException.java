package dev.orchestra.platform.messaging;

/**
 * An event that can never be processed, however often it is retried (undecodable, or invalid for
 * this consumer): it goes to the consumer's dead-letter topic, with this message as the reason.
 */
public class UnprocessableEventException extends RuntimeException {
    public UnprocessableEventException(String message) {
        super(message);
    }

    public UnprocessableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
