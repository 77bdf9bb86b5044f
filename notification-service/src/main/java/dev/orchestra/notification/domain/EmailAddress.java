package dev.orchestra.notification.domain;

import dev.orchestra.platform.text.EmailAddresses;

/**
 * The shape an address must have before a mail is queued for it: platform's one rule
 * ({@link EmailAddresses#isValid}), the rule auth-service applies when an account is made, so every
 * address auth accepts is one this service mails, and nothing else is (no white space, quotes, commas,
 * angle brackets, control or format characters: an address goes into an SMTP command and a header).
 */
public final class EmailAddress {

    private EmailAddress() {
    }

    public static boolean isValid(String address) {
        return EmailAddresses.isValid(address);
    }
}
