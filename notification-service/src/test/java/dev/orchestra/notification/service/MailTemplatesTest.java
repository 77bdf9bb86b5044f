package dev.orchestra.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.notification.client.OutgoingMail;
import dev.orchestra.notification.domain.Delivery;
import dev.orchestra.notification.domain.MailKind;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every template's HTML part escapes every value it shows — name, plan, currency, invoice link — and
 * each part says what its mail is for.
 */
@QuarkusTest
class MailTemplatesTest {

    /** Markup, quotes of both kinds and an ampersand: anything unescaped shows up as-is. */
    private static final String HOSTILE = "<b id=\"x\">O'Neil & co</b>";
    private static final String ESCAPED = "&lt;b id=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/b&gt;";
    private static final String INVOICE = "https://invoice.test/pay?a=1&b='x'";
    private static final Instant END = Instant.parse("2030-12-25T10:00:00Z");

    @Inject
    MailComposer composer;

    @Test
    void everyHtmlPartEscapesEveryValue() {
        for (MailKind kind : MailKind.values()) {
            for (String cancelling : new String[] {"false", "true"}) {
                OutgoingMail mail = compose(kind, cancelling);
                String html = mail.html();
                assertThat(html).as(kind.id()).contains("Hi " + ESCAPED + ",")
                        .doesNotContainIgnoringCase("<b id").doesNotContainIgnoringCase("O'Neil").doesNotContain("& co");
                assertThat(mail.text()).as(kind.id()).contains("Hi " + HOSTILE + ",");
                switch (kind) {
                    case SUBSCRIPTION_CONFIRMED, SUBSCRIPTION_CANCELLED, SUBSCRIPTION_ENDED ->
                            assertThat(html).as(kind.id()).contains("Orchestra " + ESCAPED + " subscription");
                    case PAYMENT_FAILED -> assertThat(html).as(kind.id())
                            .contains("19.99 &lt;B ID=&quot;X&quot;&gt;O&#39;NEIL &amp; CO&lt;/B&gt;")
                            .contains("href=\"https://invoice.test/pay?a=1&amp;b=&#39;x&#39;\"")
                            .doesNotContain(INVOICE);
                    case WELCOME, VERIFY_EMAIL, PASSWORD_RESET -> assertThat(html).as(kind.id())
                            .contains("?token=%3Cb+id%3D%22x%22%3EO%27Neil+%26+co%3C%2Fb%3E\"");
                }
            }
        }
    }

    @Test
    void aConfirmationSaysWhenTheSubscriptionRenewsOrThatItEnds() {
        OutgoingMail renewing = compose(MailKind.SUBSCRIPTION_CONFIRMED, "false");
        assertThat(renewing.text()).contains("It renews on 25 December 2030.").doesNotContain("set to end");
        assertThat(renewing.html()).contains("It renews on 25 December 2030.").doesNotContain("set to end");

        OutgoingMail cancelling = compose(MailKind.SUBSCRIPTION_CONFIRMED, "true");
        assertThat(cancelling.text()).contains("It is set to end on 25 December 2030 and will not renew.").doesNotContain("renews on");
        assertThat(cancelling.html()).contains("It is set to end on 25 December 2030 and will not renew.").doesNotContain("renews on");
    }

    private OutgoingMail compose(MailKind kind, String cancelling) {
        Map<String, String> data = new HashMap<>();
        data.put(MailComposer.PLAN, HOSTILE);
        data.put(MailComposer.PERIOD_END, END.toString());
        data.put(MailComposer.CANCELLING, cancelling);
        data.put(MailComposer.AMOUNT, "1999");
        data.put(MailComposer.CURRENCY, HOSTILE);
        data.put(MailComposer.NEXT_ATTEMPT, END.toString());
        data.put(MailComposer.INVOICE_URL, INVOICE);
        Instant now = Instant.now();
        Delivery delivery = Delivery.pending(UUID.randomUUID(), UUID.randomUUID(), kind, UUID.randomUUID(), "ada@example.com", HOSTILE,
                kind.carriesToken() ? HOSTILE : null, kind.carriesToken() ? END : null, data, now, now.plusSeconds(60));
        return composer.compose(delivery, "ada@example.com", HOSTILE);
    }
}
