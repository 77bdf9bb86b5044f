package dev.orchestra.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How event values are shown in mails. */
class MailComposerTest {

    @Test
    void amountsInMinorUnitsAreShownInTheCurrencysOwnDecimals() {
        assertThat(MailComposer.amount("1999", "eur")).isEqualTo("19.99 EUR");
        assertThat(MailComposer.amount("5", "usd")).isEqualTo("0.05 USD");
        assertThat(MailComposer.amount("1200", "jpy")).isEqualTo("1200 JPY");
        assertThat(MailComposer.amount("1234", "kwd")).isEqualTo("1.234 KWD");
        assertThat(MailComposer.amount("1999", "xyz")).isEqualTo("19.99 XYZ");
    }

    @Test
    void onlyWebLinksBecomeLinks() {
        assertThat(MailComposer.webLink("https://invoice.stripe.com/i/x")).isEqualTo("https://invoice.stripe.com/i/x");
        assertThat(MailComposer.webLink("javascript:alert(1)")).isEmpty();
        assertThat(MailComposer.webLink("data:text/html,x")).isEmpty();
        assertThat(MailComposer.webLink("not a url")).isEmpty();
        assertThat(MailComposer.webLink(null)).isEmpty();
    }

    @Test
    void linksComeFromTheConfiguredBaseWithTheTokenEncoded() {
        Links links = new Links("https://app.orchestra.dev/");
        assertThat(links.verifyEmail("a+b/c=d&e")).isEqualTo("https://app.orchestra.dev/verify-email?token=a%2Bb%2Fc%3Dd%26e");
        assertThat(links.resetPassword("xyz")).isEqualTo("https://app.orchestra.dev/reset-password?token=xyz");
    }
}
