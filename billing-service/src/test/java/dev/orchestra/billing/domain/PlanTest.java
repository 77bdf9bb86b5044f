package dev.orchestra.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.param.SubscriptionListParams;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The effective plan of every Stripe subscription status, as README.md "Plans" and docs/architecture.md section 10 say. */
class PlanTest {

    /** Every status a Stripe subscription can have, and the plan it gives. */
    private static final Map<String, Plan> RULE = Map.of(
            "active", Plan.PRO,
            "trialing", Plan.PRO,
            // Stripe still retries the payment: the user keeps what they paid for meanwhile.
            "past_due", Plan.PRO,
            "unpaid", Plan.FREE,
            "canceled", Plan.FREE,
            "incomplete", Plan.FREE,
            "incomplete_expired", Plan.FREE,
            "paused", Plan.FREE);

    @Test
    void everyStripeStatusGivesThePlanOfTheRule() {
        RULE.forEach((status, plan) -> assertThat(Plan.forStatus(status)).as(status).isEqualTo(plan));
    }

    @Test
    void theRuleCoversEveryStatusStripeJavaKnows() {
        // stripe-java's list filter names every subscription status, plus the filters "all" and "ended":
        // a status a newer stripe-java adds fails here until the rule (and the README) say what it gives.
        Set<String> known = Arrays.stream(SubscriptionListParams.Status.values()).map(SubscriptionListParams.Status::getValue)
                .filter(status -> !status.equals("all") && !status.equals("ended")).collect(Collectors.toSet());
        assertThat(RULE.keySet()).containsExactlyInAnyOrderElementsOf(known);
    }

    @Test
    void noSubscriptionIsFree() {
        assertThat(Plan.forStatus(null)).isEqualTo(Plan.FREE);
        assertThat(Plan.forStatus(BillingState.NO_SUBSCRIPTION)).isEqualTo(Plan.FREE);
        assertThat(BillingState.NONE.plan()).isEqualTo(Plan.FREE);
    }

    @Test
    void aStatusNotInTheRuleNeverGivesPro() {
        // Only the three statuses named give pro: anything else (a typo, a status Stripe adds) is free.
        assertThat(Plan.forStatus("")).isEqualTo(Plan.FREE);
        assertThat(Plan.forStatus("ACTIVE")).isEqualTo(Plan.FREE);
        assertThat(Plan.forStatus("some_new_status")).isEqualTo(Plan.FREE);
    }
}
