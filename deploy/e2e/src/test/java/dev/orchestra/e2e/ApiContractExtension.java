package dev.orchestra.e2e;

import io.restassured.RestAssured;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs {@link ApiContract}'s check on every rest-assured and sync-client answer of the suite, once, before the
 * first test class (registered for every class through JUnit's extension auto-detection).
 */
public class ApiContractExtension implements BeforeAllCallback {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (INSTALLED.compareAndSet(false, true)) {
            RestAssured.filters(ApiContract.restAssuredFilter());
            // The reference sync client's answers too (it runs in this process).
            dev.orchestra.syncclient.protocol.Http.observeAnswers((method, uri, status, headers, body) ->
                    ApiContract.check(method, uri.getRawPath(), status, headers, body));
        }
    }
}
