package dev.orchestra.enginedev;

/**
 * A request the engine refuses as it stands (answered INVALID_ARGUMENT). A type of its own, so that
 * an IllegalArgumentException from inside Lucene or grpc is never mistaken for the client's fault.
 */
final class InvalidRequestException extends RuntimeException {

    InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
