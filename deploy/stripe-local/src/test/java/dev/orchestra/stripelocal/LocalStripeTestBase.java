package dev.orchestra.stripelocal;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One local Stripe per test class, a webhook receiver it sends to, and stripe-java's client pointed at it. */
abstract class LocalStripeTestBase {

    static final String SECRET = LocalStripe.TEST_ONLY_WEBHOOK_SECRET;
    private static final AtomicInteger PEOPLE = new AtomicInteger();

    static LocalStripe stripe;
    static WebhookReceiver receiver;
    static StripeClient client;

    @BeforeAll
    static void startStripe() {
        receiver = new WebhookReceiver();
        stripe = LocalStripe.builder()
                .apiKey(LocalStripe.TEST_ONLY_API_KEY)
                .webhookSecret(SECRET)
                .webhookUrl(receiver.url())
                .start();
        client = client(stripe.apiKey());
    }

    @AfterAll
    static void stopStripe() {
        stripe.close();
        receiver.close();
    }

    static StripeClient client(String apiKey) {
        return StripeClient.builder().setApiKey(apiKey).setApiBase(stripe.baseUrl()).build();
    }

    /** An e-mail no other test uses: scripted actions find customers by e-mail. */
    static String email() {
        return "person" + PEOPLE.incrementAndGet() + "." + System.nanoTime() + "@example.com";
    }

    static Customer customer(String email) throws StripeException {
        return client.v1().customers().create(CustomerCreateParams.builder().setEmail(email).setName("Ada")
                .putMetadata("user_id", "u-" + email.hashCode()).build());
    }

    static Session checkout(String customerId, String price) throws StripeException {
        return client.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customerId)
                .setClientReferenceId("user-1")
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
                .setSuccessUrl("http://app.local/billing/success?session={CHECKOUT_SESSION_ID}")
                .setCancelUrl("http://app.local/billing/cancel")
                .putMetadata("purpose", "upgrade")
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata("user_id", "user-1")
                        .build())
                .build());
    }

    /** A customer with an active monthly subscription (paid through the scripted Pay). */
    static Outcome subscribed(String email) throws StripeException {
        Customer c = customer(email);
        return stripe.pay(checkout(c.getId(), ConfiguredPrice.PRO_MONTH).getId());
    }
}
