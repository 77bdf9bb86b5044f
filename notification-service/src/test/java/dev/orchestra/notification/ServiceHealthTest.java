package dev.orchestra.notification;

import dev.orchestra.platform.testing.ServiceHealthContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceHealthTest extends ServiceHealthContract {

    ServiceHealthTest() {
        super("notification");
    }
}
