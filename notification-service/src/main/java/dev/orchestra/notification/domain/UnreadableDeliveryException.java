package dev.orchestra.notification.domain;

/**
 * A delivery row this version cannot read (a template it does not know, template data that is not
 * an object of strings, a status it does not know): no attempt can ever send it.
 */
public class UnreadableDeliveryException extends RuntimeException {

    public UnreadableDeliveryException(String message) {
        super(message);
    }

    public UnreadableDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
