package dev.orchestra.e2e;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every answer the suite receives to a documented operation is checked against the gateway's
 * {@code /openapi.json}: its status must be one the operation documents, and its body must match that
 * status's schema. So the document cannot drift from the code. Requests are not checked (the hostile
 * suite sends wrong ones on purpose), nor answers to what the document does not describe (the
 * WebSocket, management routes, the local Stripe's control surface).
 *
 * <p>A mismatch fails the test that received the answer, and is also appended to
 * {@code target/api-contract-violations.txt}, so that one run lists them all.
 */
public final class ApiContract {

    private static final URI GATEWAY = URI.create(System.getenv().getOrDefault("ORCHESTRA_GATEWAY_URL", "http://127.0.0.1:8080"));
    private static final Path VIOLATIONS = Path.of("target", "api-contract-violations.txt");
    private static volatile OpenApiInteractionValidator validator;

    private ApiContract() {
    }

    /** Checks one answer; {@code path} may carry a query string, which is ignored. */
    public static void check(String method, String path, int status, Map<String, String> headers, String body) {
        String problems = problems(method, path, status, headers, body);
        if (!problems.isEmpty()) {
            String violation = method + " " + path + " answered " + status + ", which /openapi.json does not allow:\n" + problems
                    + "\n  body: " + abbreviate(body) + "\n";
            record(violation);
            throw new AssertionError(violation);
        }
    }

    /** What /openapi.json says is wrong with this answer, one line each; empty when nothing is (or nothing is documented). */
    static String problems(String method, String path, int status, Map<String, String> headers, String body) {
        Request.Method verb;
        try {
            verb = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return ""; // a method no OpenAPI document can describe
        }
        String plainPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(status);
        headers.forEach(answer::withHeader);
        if (body != null && !body.isEmpty()) {
            answer.withBody(body);
        }
        ValidationReport report = validator().validateResponse(plainPath, verb, answer.build());
        return report.getMessages().stream().filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> "  " + message.getKey() + ": " + message.getMessage()).collect(Collectors.joining("\n"));
    }

    /** The same check for every rest-assured answer (installed for the whole suite by {@link ApiContractExtension}). */
    static Filter restAssuredFilter() {
        return new Filter() {
            @Override
            public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                                   FilterContext context) {
                Response answer = context.next(request, response);
                Map<String, String> headers = answer.getHeaders().asList().stream()
                        .collect(Collectors.toMap(header -> header.getName(), header -> header.getValue(), (first, second) -> first));
                check(request.getMethod(), URI.create(request.getURI()).getRawPath(), answer.statusCode(), headers,
                        answer.asString());
                return answer;
            }
        };
    }

    private static OpenApiInteractionValidator validator() {
        OpenApiInteractionValidator current = validator;
        if (current == null) {
            synchronized (ApiContract.class) {
                if (validator == null) {
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document())
                            // Only answers are the code's to get right here.
                            .withLevelResolver(LevelResolver.create().withLevel("validation.request", ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                }
                current = validator;
            }
        }
        return current;
    }

    private static String document() {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(GATEWAY.resolve("/openapi.json"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() != 200) {
                throw new AssertionError("the gateway answered " + answer.statusCode() + " for /openapi.json");
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException("the gateway's /openapi.json", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void record(String violation) {
        try {
            Files.createDirectories(VIOLATIONS.getParent());
            Files.writeString(VIOLATIONS, violation, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(none)";
        }
        return body.length() <= 400 ? body : body.substring(0, 400) + "…";
    }
}
