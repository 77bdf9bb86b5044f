package dev.orchestra.project.service;

import dev.orchestra.project.repository.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Users' plans, fed by events (docs/architecture.md section 4): SubscriptionChanged sets the plan when its
 * {@code subscription_version} is the highest seen; UserRegistered only fills in a plan not known
 * yet. An unknown user, or a plan without configured limits, counts as the default plan (free).
 */
@ApplicationScoped
public class Plans {

    private static final Logger LOG = Logger.getLogger(Plans.class);

    /** The limits of one plan, content in bytes. */
    public record Limits(String plan, long projects, long filesPerProject, long contentBytes) {
    }

    private final ProjectLimits config;
    private final AccountRepository accounts;

    public Plans(ProjectLimits config, AccountRepository accounts) {
        this.config = config;
        this.accounts = accounts;
    }

    public Limits limitsOf(String plan) {
        String name = plan == null ? config.defaultPlan() : plan;
        ProjectLimits.Plan limits = config.plans().get(name);
        if (limits == null) {
            LOG.warnf("no limits configured for plan %s: the %s plan's apply", name, config.defaultPlan());
            name = config.defaultPlan();
            limits = config.plans().get(name);
            if (limits == null) {
                throw new IllegalStateException("no limits configured for the default plan " + name);
            }
        }
        return new Limits(name, limits.projects(), limits.filesPerProject(), limits.content().asLongValue());
    }

    @Transactional
    public void applySubscription(UUID userId, String plan, long subscriptionVersion) {
        accounts.applySubscription(userId, plan, subscriptionVersion);
    }

    @Transactional
    public void applyRegistration(UUID userId, String plan) {
        accounts.applyRegistration(userId, plan);
    }
}
