package dev.orchestra.billing.service;

import dev.orchestra.billing.client.StripeGateway;
import dev.orchestra.billing.client.StripeRefusedException;
import dev.orchestra.billing.domain.Attempt;
import dev.orchestra.billing.domain.StripeJob;
import dev.orchestra.platform.security.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * What each Stripe job does; the worker claims it, runs it, and deletes it once Stripe took it (or
 * tries again later: an outage never ends a job; a refusal by Stripe ends it, see {@link BillingWorker}).
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

    /** Runs the job against Stripe; returns normally once Stripe has done all of it (or nothing is left to do). */
    public void run(StripeJob job) {
        switch (job.kind()) {
            case ERASE_CUSTOMER -> erase(job);
            case UPDATE_CUSTOMER -> update(job);
        }
    }

    /**
     * A deleted user's customer: its subscriptions canceled now (no period end: the account is gone),
     * then the customer deleted. Each step is safe to repeat (an ended subscription, a deleted
     * customer are fine), so a job interrupted half-way simply runs again. A job that names an open
     * customer attempt rather than a customer first replays the attempt's create call (same key, same
     * e-mail, name and metadata): Stripe answers with the customer it made under that key — or, if it
     * never made one, makes it now — and that customer is erased.
     */
    private void erase(StripeJob job) {
        String customerId = job.customerId();
        if (customerId == null) {
            customerId = stripe.createCustomer(job.userId(), job.email(), job.name(),
                    IdempotencyKeys.of(job.userId(), Attempt.Purpose.CUSTOMER, "", job.attemptId()));
            LOG.infof("erasure of user %s: open customer attempt %s replayed: customer %s", job.userId(), job.attemptId(), customerId);
        }
        for (String subscription : stripe.liveSubscriptions(customerId)) {
            stripe.cancelSubscription(subscription);
            LOG.infof("erasure of user %s: subscription %s canceled at Stripe", job.userId(), subscription);
        }
        stripe.deleteCustomer(customerId);
        LOG.infof("erasure of user %s: customer %s deleted at Stripe", job.userId(), customerId);
    }

    /**
     * The user's new e-mail and name on the customer (receipts go there). A customer Stripe no longer
     * has (deleted at Stripe behind this service's back) needs no update: the job is done.
     */
    private void update(StripeJob job) {
        if (revocations.isDeleted(job.userId())) {
            return;
        }
        try {
            stripe.updateCustomer(job.customerId(), job.email(), job.name(),
                    IdempotencyKeys.of(job.userId(), Attempt.Purpose.CUSTOMER_UPDATE, "", job.id()));
        } catch (StripeRefusedException e) {
            if (!e.isMissing()) {
                throw e;
            }
            LOG.infof("customer update of user %s: customer %s is gone at Stripe; nothing to update", job.userId(), job.customerId());
        }
    }
}
