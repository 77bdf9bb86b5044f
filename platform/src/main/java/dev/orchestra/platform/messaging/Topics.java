package dev.orchestra.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Topic names as the broker knows them: the contract's name ({@code auth.users.v1}) behind the
 * configured prefix ({@code orchestra.kafka.prefix}, "test." in module tests), so a test run and a
 * running stack never share a topic.
 */
@ApplicationScoped
public class Topics {

    private final String prefix;

    public Topics(@ConfigProperty(name = "orchestra.kafka.prefix") Optional<String> prefix) {
        this.prefix = prefix.orElse("");
    }

    public String name(String contractTopic) {
        return prefix + contractTopic;
    }
}
