package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeGateway;
import dev.orchestra.billing.domain.Attempt;
import dev.orchestra.billing.domain.StripeJob;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * What each Stripe job does; the worker claims it, runs it, and deletes it once Stripe took it (or
 * tries again later: an outage never ends a job).
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final StripeGateway stripe;
    private final Revocations revocations;

    public JobRunner(StripeGateway stripe, Revocations revocations) {
        this.stripe = stripe;
        this.revocations = revocations;
    }

    /** Runs the job against Stripe; returns normally once Stripe has done all of it. */
    public void run(StripeJob job) {
        switch (job.kind()) {
            case ERASE_CUSTOMER -> erase(job);
            case UPDATE_CUSTOMER -> update(job);
        }
    }

    /**
     * A deleted user's customer: its subscriptions canceled now (no period end: the account is gone),
     * then the customer deleted. Each step is safe to repeat (an ended subscription, a deleted
     * customer are fine), so a job interrupted half-way simply runs again.
     */
    private void erase(StripeJob job) {
        for (String subscription : stripe.liveSubscriptions(job.customerId())) {
            stripe.cancelSubscription(subscription);
            LOG.infof("erasure of user %s: subscription %s canceled at Stripe", job.userId(), subscription);
        }
        stripe.deleteCustomer(job.customerId());
        LOG.infof("erasure of user %s: customer %s deleted at Stripe", job.userId(), job.customerId());
    }

    /** The user's new e-mail and name on the customer (receipts go there). */
    private void update(StripeJob job) {
        if (revocations.isDeleted(job.userId())) {
            return;
        }
        stripe.updateCustomer(job.customerId(), job.email(), job.name(),
                IdempotencyKeys.of(job.userId(), Attempt.Purpose.CUSTOMER_UPDATE, "", job.id()));
    }
}
