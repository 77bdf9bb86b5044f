package dev.orchestra.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.orchestra.billing.support.BillingTest;
import dev.orchestra.stripelocal.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invoices: each user sees only their own, newest first, keyset-paged. */
@QuarkusTest
class InvoicesTest extends BillingTest {

    @Test
    void eachUserSeesOnlyTheirOwnInvoicesNewestFirstPageByPage() {
        Person ada = registered();
        Person bob = registered();
        Outcome adaFirst = subscribed(ada);
        Outcome adaSecond = stripe.renew(ada.email());
        awaitSettled(adaSecond);
        Outcome adaThird = stripe.renew(ada.email());
        awaitSettled(adaThird);
        Outcome bobs = subscribed(bob);

        List<String> adas = invoices(ada.id(), "").statusCode(200).extract().path("data.id");
        assertThat(adas).containsExactly(adaThird.invoice(), adaSecond.invoice(), adaFirst.invoice());
        invoices(bob.id(), "").statusCode(200).body("data.id", equalTo(List.of(bobs.invoice())));

        String cursor = invoices(ada.id(), "?limit=2").statusCode(200).body("data.id", equalTo(adas.subList(0, 2)))
                .body("meta.next_cursor", notNullValue()).extract().path("meta.next_cursor");
        invoices(ada.id(), "?limit=2&cursor=" + cursor).statusCode(200).body("data.id", equalTo(adas.subList(2, 3)))
                .body("meta.next_cursor", nullValue());
        // Another user's cursor is not theirs to use.
        invoices(bob.id(), "?cursor=" + cursor).statusCode(422).body("error", equalTo("validation_error"))
                .body("details.cursor", notNullValue());
    }

    @Test
    void badPagingParametersAre422() {
        Person ada = registered();
        for (String limit : List.of("0", "201", "ten", "-1", "1.5")) {
            invoices(ada.id(), "?limit=" + limit).statusCode(422).body("details.limit", notNullValue());
        }
        invoices(ada.id(), "?cursor=garbage").statusCode(422).body("details.cursor", notNullValue());
        invoices(ada.id(), "").statusCode(200).body("data.size()", equalTo(0)).body("meta.next_cursor", nullValue());
    }

    @Test
    void withoutASubscriptionTheUserIsFree() {
        Person ada = registered();
        subscription(ada.id()).statusCode(200).body("data.plan", equalTo("free")).body("data.status", equalTo("none"))
                .body("data.interval", nullValue()).body("data.current_period_end", nullValue())
                .body("data.cancel_at_period_end", equalTo(false)).body("data.subscription_version", equalTo(0))
                .body("data.last_payment_failure", nullValue());
    }
}
