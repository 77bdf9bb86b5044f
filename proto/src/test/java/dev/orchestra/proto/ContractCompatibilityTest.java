package dev.orchestra.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contracts may grow, never break: compared with the committed baseline
 * ({@code proto/baseline/contracts.txt}), no field, enum value or rpc may disappear without its
 * number being reserved, and no number may change its name, type or label.
 *
 * <p>The baseline changes only on purpose: after adding to a contract, record the new shape with
 * {@code ./mvnw -pl proto test -Dcontracts.accept=true} and commit the file with the change.
 */
class ContractCompatibilityTest {

    static final Path SOURCES = Path.of("src/main/proto");
    static final Path BASELINE = Path.of("baseline/contracts.txt");

    @Test
    void contractsAreCompatibleWithTheBaseline() throws IOException {
        ContractDescription current = ContractDescription.ofSources(SOURCES);
        if (Boolean.getBoolean("contracts.accept")) {
            List<String> lines = new ArrayList<>(List.of(
                    "# The accepted shape of proto/src/main/proto. Changes only on purpose:",
                    "#   ./mvnw -pl proto test -Dcontracts.accept=true   (see proto/README.md)"));
            lines.addAll(current.lines());
            Files.write(BASELINE, lines);
        }
        ContractDescription baseline = ContractDescription.parse(Files.readAllLines(BASELINE));
        assertThat(current.breakingChangesSince(baseline))
                .as("breaking changes against %s", BASELINE)
                .isEmpty();
        assertThat(baseline.lines())
                .as("the baseline is behind the contracts: record additions with -Dcontracts.accept=true")
                .containsAll(current.lines());
    }

    @Test
    void renumberingARemovedFieldIsCaught() {
        ContractDescription baseline = ContractDescription.parse(List.of(
                "field orchestra.events.v1.User 2 email string",
                "field orchestra.events.v1.User 3 name string"));
        ContractDescription renumbered = ContractDescription.parse(List.of(
                "field orchestra.events.v1.User 2 name string",
                "field orchestra.events.v1.User 12 email string"));
        assertThat(renumbered.breakingChangesSince(baseline)).containsExactlyInAnyOrder(
                "changed (a reused number, a new type or label, or a rename): "
                        + "was 'field orchestra.events.v1.User 2 email string', now 'field orchestra.events.v1.User 2 name string'",
                "removed without reserving its number: field orchestra.events.v1.User 3 name string");
    }

    @Test
    void aReservedNumberStaysReservedForGood() {
        ContractDescription baseline = ContractDescription.parse(List.of("reserved orchestra.events.v1.User 4"));
        ContractDescription reused = ContractDescription.parse(List.of("field orchestra.events.v1.User 4 nickname string"));
        assertThat(reused.breakingChangesSince(baseline)).containsExactly(
                "no longer reserved (a number once used must never be used again): reserved orchestra.events.v1.User 4");
    }

    @Test
    void aReservedRemovalIsAllowedAndATypeChangeIsNot() {
        ContractDescription baseline = ContractDescription.parse(List.of(
                "field orchestra.events.v1.File 4 content bytes",
                "field orchestra.events.v1.File 5 size int64"));
        ContractDescription current = new ContractDescription(
                new java.util.TreeMap<>(java.util.Map.of("field orchestra.events.v1.File 5",
                        "field orchestra.events.v1.File 5 size string")),
                java.util.Map.of("orchestra.events.v1.File", java.util.Set.of(4)));
        assertThat(current.breakingChangesSince(baseline)).containsExactly(
                "changed (a reused number, a new type or label, or a rename): "
                        + "was 'field orchestra.events.v1.File 5 size int64', now 'field orchestra.events.v1.File 5 size string'");
    }
}
