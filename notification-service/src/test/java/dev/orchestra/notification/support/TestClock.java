package dev.orchestra.notification.support;

import dev.orchestra.platform.testing.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;

/** The service's clock in tests: platform's default replaced by one the tests move (and reset). */
@ApplicationScoped
public class TestClock extends MovableClock {
}
