package dev.orchestra.e2e.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.Awaitility;

/**
 * Generated hostile bodies against every public write route of every service (the routes come from
 * the services' own OpenAPI documents): the answer is never a 5xx, and after a 4xx nothing the user
 * can read has changed. Requests go to the services directly, not through the gateway: its per-IP
 * limit on {@code /auth/} would answer most tries with 429 before any service saw them.
 *
 * <p>Each try sends one body to every route; the tries are capped so the suite stays within a
 * minute or two. A failing seed is kept in target/jqwik-database and tried first next time.
 */
class HostileInputPropertiesTest {

    private static Account alice;
    private static List<PublicRoutes.Route> writes;
    private static List<PublicRoutes.Route> queried;
    private static List<PublicRoutes.Route> reads;
    private static List<String> fields;

    @BeforeContainer
    static void setUp() {
        List<PublicRoutes.Route> routes = PublicRoutes.all();
        writes = routes.stream().filter(route -> route.writes() && route.takesBody()).toList();
        reads = PublicRoutes.stateReads(routes);
        queried = routes.stream().filter(route -> !route.queryParameters().isEmpty()).toList();
        Set<String> names = new LinkedHashSet<>(HostileBodies.FIELDS);
        routes.forEach(route -> names.addAll(route.bodyFields()));
        fields = new ArrayList<>(names);
        assertThat(writes).as("write routes found in the services' OpenAPI documents").hasSizeGreaterThan(10);
        alice = Account.create("alice");
    }

    @Property(tries = 30, shrinking = ShrinkingMode.BOUNDED)
    void aHostileBodyNeverGetsA5xxAndA4xxChangesNothing(@ForAll("bodies") String body) {
        for (PublicRoutes.Route route : writes) {
            String before = settledState();
            Http.Answer answer = Http.send(route.base(), route.method(), route.path(alice.valuesFor(route)), alice.token, body);
            assertThat(answer.status()).as("%s answered %s to %s", route, answer.body(), abbreviated(body)).isLessThan(500);
            if (answer.status() >= 400) {
                assertThat(alice.state(reads)).as("what the user can read after %s answered %d to %s", route, answer.status(),
                        abbreviated(body)).isEqualTo(before);
                assertThat(answer.body()).as("the error envelope").contains("\"error\"");
            }
        }
    }

    /**
     * The same for query parameters (search's {@code q}, paging's {@code limit} and {@code cursor}):
     * a hostile value in each parameter of every route that takes one, the others absent.
     */
    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED)
    void aHostileQueryValueNeverGetsA5xxAndA4xxChangesNothing(@ForAll("queryValues") String value) {
        assertThat(queried).as("routes with query parameters").isNotEmpty();
        String before = settledState();
        boolean changedOnPurpose = false;
        for (PublicRoutes.Route route : queried) {
            for (String parameter : route.queryParameters()) {
                String path = route.path(alice.valuesFor(route)) + "?" + parameter + "=" + value;
                Http.Answer answer = Http.send(route.base(), route.method(), path, alice.token, route.takesBody() ? "{}" : null);
                assertThat(answer.status()).as("%s answered %s to %s=%s", route, answer.body(), parameter, abbreviated(value))
                        .isLessThan(500);
                if (answer.status() >= 400) {
                    assertThat(answer.body()).as("the error envelope").contains("\"error\"");
                }
                changedOnPurpose |= answer.status() < 400 && route.writes();
            }
        }
        if (!changedOnPurpose) {
            assertThat(alice.state(reads)).as("what the user can read after %s", abbreviated(value)).isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<String> queryValues() {
        return HostileBodies.queryValues();
    }

    @Provide
    Arbitrary<String> bodies() {
        return HostileBodies.bodies(fields);
    }

    /**
     * The user's state once the effects of an earlier accepted request have settled (a write that
     * succeeded may be followed by events applied elsewhere): two reads in a row that agree.
     */
    private static String settledState() {
        AtomicReference<String> last = new AtomicReference<>(alice.state(reads));
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(15))
                .until(() -> {
                    String now = alice.state(reads);
                    return now.equals(last.getAndSet(now));
                });
        return last.get();
    }

    private static String abbreviated(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "… (" + body.length() + " characters)";
    }
}
