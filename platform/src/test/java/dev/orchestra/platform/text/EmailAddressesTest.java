package dev.orchestra.platform.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressesTest {

    @Test
    void ordinaryAndInternationalAddressesPass() {
        for (String ok : new String[] {"ada@example.com", "a.b+tag@sub.example.co.uk", "o'brien@example.ie", "josé@exämple.de",
                "x_y-z@example-mail.org", "a".repeat(64) + "@example.com"}) {
            assertThat(EmailAddresses.isValid(ok)).as(ok).isTrue();
        }
    }

    @Test
    void whatCouldBreakAHeaderOrImitateAnotherAddressIsRefused() {
        for (String bad : new String[] {"a@b", "a b@example.com", "@example.com", "a@example.", "a@@example.com", "a@.com",
                "a,b@example.com", "a;b@example.com", "<a>@example.com", "\"a\"@example.com", "a..b@example.com", ".a@example.com",
                "a.@example.com", "a@-example.com", "a@example.c0m", "ad\u202Ema@example.com", "a\u200Bb@example.com",
                "a\u0085b@example.com", "a\nb@example.com", "a" .repeat(65) + "@example.com",
                "a@" + "b".repeat(250) + ".com", null}) {
            assertThat(EmailAddresses.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void compatibilityLookAlikesAreRefusedAndComparedCaseInsensitively() {
        // KELVIN SIGN K, full-width letters, a ligature, a superscript: NFKC would change each.
        for (String lookAlike : new String[] {"\u212Aim@example.com", "\uFF41da@example.com", "\uFB01le@example.com",
                "ada\u00B2@example.com", "ada@\uFF45xample.com"}) {
            assertThat(EmailAddresses.isCompatibilityNormal(lookAlike)).as(lookAlike).isFalse();
            assertThat(EmailAddresses.isValid(lookAlike)).as(lookAlike).isFalse();
        }
        // What it would squat is a valid address; precomposed letters (NFC and NFKC alike) stay valid.
        assertThat(EmailAddresses.isValid("kim@example.com")).isTrue();
        assertThat(EmailAddresses.isValid("jos\u00E9@example.com")).isTrue();
        assertThat(EmailAddresses.key("Kim@Example.COM")).isEqualTo("kim@example.com");
    }
}
