package dev.orchestra.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which subscription changes mail, and which do not. */
class SubscriptionTest {

    private static final Instant END = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2030-02-01T00:00:00Z");

    private static Subscription of(String plan, boolean cancel, Instant end, long version) {
        return new Subscription(plan, cancel, end, version);
    }

    @Test
    void transitionsMail() {
        assertThat(Subscription.NONE.mailsOnChangeTo(of("pro", false, END, 1))).containsExactly(MailKind.SUBSCRIPTION_CONFIRMED);
        assertThat(of("free", false, END, 1).mailsOnChangeTo(of("pro", false, END, 2))).containsExactly(MailKind.SUBSCRIPTION_CONFIRMED);
        assertThat(of("pro", false, END, 1).mailsOnChangeTo(of("team", false, END, 2))).containsExactly(MailKind.SUBSCRIPTION_CONFIRMED);
        assertThat(of("pro", false, END, 1).mailsOnChangeTo(of("pro", true, END, 2))).containsExactly(MailKind.SUBSCRIPTION_CANCELLED);
        assertThat(of("pro", true, END, 1).mailsOnChangeTo(of("free", false, END, 2))).containsExactly(MailKind.SUBSCRIPTION_ENDED);
        assertThat(of("pro", false, END, 1).mailsOnChangeTo(of("free", false, END, 2))).containsExactly(MailKind.SUBSCRIPTION_ENDED);
    }

    @Test
    void aChangeThatIsTwoTransitionsMailsBoth() {
        assertThat(Subscription.NONE.mailsOnChangeTo(of("pro", true, END, 1))).as("subscribed and cancelled at once")
                .containsExactly(MailKind.SUBSCRIPTION_CONFIRMED, MailKind.SUBSCRIPTION_CANCELLED);
        assertThat(of("pro", false, END, 1).mailsOnChangeTo(of("team", true, END, 2))).as("another plan, set to end")
                .containsExactly(MailKind.SUBSCRIPTION_CONFIRMED, MailKind.SUBSCRIPTION_CANCELLED);
        assertThat(of("pro", true, END, 1).mailsOnChangeTo(of("team", true, END, 2))).as("already cancelling: only the new plan")
                .containsExactly(MailKind.SUBSCRIPTION_CONFIRMED);
        assertThat(of("free", true, END, 1).mailsOnChangeTo(of("pro", true, END, 2))).as("a free plan never was cancelling")
                .containsExactly(MailKind.SUBSCRIPTION_CONFIRMED, MailKind.SUBSCRIPTION_CANCELLED);
        assertThat(of("pro", true, END, 1).mailsOnChangeTo(of("free", true, END, 2))).containsExactly(MailKind.SUBSCRIPTION_ENDED);
    }

    @Test
    void otherChangesDoNot() {
        assertThat(of("pro", false, END, 1).mailsOnChangeTo(of("pro", false, LATER, 2))).as("a renewal").isEmpty();
        assertThat(of("pro", true, END, 1).mailsOnChangeTo(of("pro", true, END, 2))).as("still cancelled").isEmpty();
        assertThat(of("pro", true, END, 1).mailsOnChangeTo(of("pro", false, END, 2))).as("cancellation withdrawn").isEmpty();
        assertThat(Subscription.NONE.mailsOnChangeTo(of("free", false, null, 1))).as("free stays free").isEmpty();
    }

    @Test
    void onlyAHigherVersionIsNewer() {
        assertThat(of("pro", false, END, 3).isOlderThan(of("free", false, END, 4))).isTrue();
        assertThat(of("pro", false, END, 3).isOlderThan(of("free", false, END, 3))).isFalse();
        assertThat(of("pro", false, END, 3).isOlderThan(of("free", false, END, 2))).isFalse();
    }
}
