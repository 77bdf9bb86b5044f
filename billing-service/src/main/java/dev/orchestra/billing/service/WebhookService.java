package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeRecords;
import dev.orchestra.billing.client.StripeWebhooks;
import dev.orchestra.billing.repository.EventRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/stripe}: the signature is checked on the raw body, an event of a handled type
 * is stored by its Stripe id (a duplicate finds its row and changes nothing), and the answer goes at
 * once; the worker applies the event after the commit. Counted in
 * {@code orchestra_billing_webhooks_received_total} by outcome.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);
    static final String RECEIVED = "orchestra.billing.webhooks.received";

    /** What became of a delivery: stored for the worker, a duplicate of one stored, or of a type not handled. */
    public record Received(String eventId, String type, String outcome) {
    }

    private final StripeWebhooks webhooks;
    private final EventRepository events;
    private final WorkSignal signal;
    private final MeterRegistry metrics;
    private final Clock clock;

    public WebhookService(StripeWebhooks webhooks, EventRepository events, WorkSignal signal, MeterRegistry metrics, Clock clock) {
        this.webhooks = webhooks;
        this.events = events;
        this.signal = signal;
        this.metrics = metrics;
        this.clock = clock;
        for (String outcome : List.of("stored", "duplicate", "not_handled", "bad_signature", "malformed")) {
            Counter.builder(RECEIVED).description("Stripe webhook deliveries, by outcome").tag("outcome", outcome).register(metrics);
        }
    }

    /** Checks only the signature (before anything else reads the body): {@link StripeWebhooks.InvalidSignatureException} if bad. */
    public void checkSignature(String payload, String signature) {
        try {
            webhooks.verify(payload, signature);
        } catch (StripeWebhooks.InvalidSignatureException e) {
            refused(e);
            throw e;
        }
    }

    public Received receive(String payload, String signature) {
        StripeRecords.Event event;
        try {
            event = webhooks.verifiedEvent(payload, signature);
        } catch (StripeWebhooks.InvalidSignatureException e) {
            refused(e);
            throw e;
        } catch (StripeWebhooks.MalformedEventException e) {
            count("malformed");
            LOG.warnf("stripe webhook refused: %s", e.getMessage());
            throw e;
        }
        if (!StripeEventTypes.isHandled(event.type())) {
            count("not_handled");
            return new Received(event.id(), event.type(), "not_handled");
        }
        boolean stored = QuarkusTransaction.requiringNew().call(() -> {
            boolean inserted = events.insertIfAbsent(event.id(), event.type(), event.created(), event.customerId(), payload, "webhook",
                    clock.instant().truncatedTo(ChronoUnit.MICROS));
            if (inserted) {
                signal.wakeAfterCommit();
            }
            return inserted;
        });
        count(stored ? "stored" : "duplicate");
        LOG.debugf("stripe webhook %s (%s): %s", event.id(), event.type(), stored ? "stored" : "a duplicate");
        return new Received(event.id(), event.type(), stored ? "stored" : "duplicate");
    }

    private void refused(StripeWebhooks.InvalidSignatureException e) {
        count("bad_signature");
        LOG.infof("stripe webhook refused: %s", e.getMessage());
    }

    private void count(String outcome) {
        metrics.counter(RECEIVED, "outcome", outcome).increment();
    }
}
