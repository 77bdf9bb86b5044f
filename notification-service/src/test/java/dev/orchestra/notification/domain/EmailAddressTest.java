package dev.orchestra.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.platform.text.EmailAddresses;
import org.junit.jupiter.api.Test;

/** The address rule is platform's, the one auth-service applies: what auth accepts is mailed, nothing else. */
class EmailAddressTest {

    @Test
    void theRuleIsPlatformsForEveryKindOfAddress() {
        String[] addresses = {"ada@example.com", "a.b+tag@sub.example.co.uk", "o'brien@example.ie", "josé@exämple.de",
                "x_y-z@example-mail.org", "a".repeat(64) + "@example.com", "a@b", "a..b@example.com", ".a@example.com",
                "\"a\"@example.com", "a@example.c0m", "ad\u202Ema@example.com", "a\u200Bb@example.com", "a\u0085b@example.com",
                "a b@example.com", "a,b@example.com", "<a>@example.com", "a".repeat(65) + "@example.com", "", null};
        for (String address : addresses) {
            assertThat(EmailAddress.isValid(address)).as(String.valueOf(address)).isEqualTo(EmailAddresses.isValid(address));
        }
    }

    @Test
    void addressesThatCouldImitateAnotherOrHaveNoRealDomainAreRefused() {
        // A right-to-left override, a zero-width space, a C1 control, a one-label domain, empty dot-atoms.
        for (String address : new String[] {"ad\u202Ema@example.com", "a\u200Bb@example.com", "a\u0085b@example.com", "a@b",
                "a..b@example.com", "\"a\"@example.com"}) {
            assertThat(EmailAddress.isValid(address)).as(address).isFalse();
        }
        assertThat(EmailAddress.isValid("josé@exämple.de")).isTrue();
    }
}
