package dev.orchestra.enginedev;

import static dev.orchestra.enginedev.EngineSearchTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.proto.engine.v1.CheckExtensionUpdatesRequest;
import dev.orchestra.proto.engine.v1.ExtensionUpdate;
import dev.orchestra.proto.engine.v1.InstalledExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CheckExtensionUpdates over the network, against a catalog file and against the built-in catalog. */
class ExtensionUpdatesTest {

    @TempDir
    Path dir;

    @Test
    void updatesAreTheCatalogReleasesNewerThanWhatIsInstalled() throws Exception {
        Path catalog = dir.resolve("catalog.txt");
        Files.writeString(catalog, String.join("\n",
                "# test catalog",
                "alpha   1.2.0        https://x.example/alpha-1.2.0.zip   Alpha got faster",
                "beta    2.0.0-rc.2   https://x.example/beta.zip",
                "gamma   1.0.0        https://x.example/gamma.zip         Same as installed",
                "delta   1.10.0       https://x.example/delta.zip         Ten comes after nine",
                "epsilon 1.0.0        https://x.example/epsilon.zip       Older than installed",
                ""));

        try (RunningEngine engine = RunningEngine.start(
                new EngineOptions(0, dir.resolve("index"), catalog, Duration.ZERO, null))) {
            List<ExtensionUpdate> updates = engine.engine().checkExtensionUpdates(request(
                    "alpha", "1.1.9", "beta", "2.0.0-rc.1", "gamma", "1.0.0", "delta", "1.9.0",
                    "epsilon", "2.0.0", "unknown", "0.1.0")).getUpdatesList();

            assertThat(updates).extracting(ExtensionUpdate::getId).containsExactly("alpha", "beta", "delta");
            assertThat(updates.get(0)).isEqualTo(ExtensionUpdate.newBuilder()
                    .setId("alpha")
                    .setInstalledVersion("1.1.9")
                    .setAvailableVersion("1.2.0")
                    .setDownloadUrl("https://x.example/alpha-1.2.0.zip")
                    .setReleaseNotes("Alpha got faster")
                    .build());
            assertThat(updates.get(1).getAvailableVersion()).isEqualTo("2.0.0-rc.2");
            assertThat(updates.get(1).getReleaseNotes()).isEmpty();
            assertThat(updates.get(2).getAvailableVersion()).isEqualTo("1.10.0");

            assertInvalid(() -> engine.engine().checkExtensionUpdates(request("alpha", "one.two")), "alpha");
            assertInvalid(() -> engine.engine().checkExtensionUpdates(request("", "1.0.0")), "installed[0].id");
        }
    }

    @Test
    void withoutACatalogFileTheBuiltInOneAnswers() throws Exception {
        try (RunningEngine engine = RunningEngine.start(dir.resolve("index"))) {
            assertThat(engine.engine().checkExtensionUpdates(request("orchestra.git", "1.0.0")).getUpdatesList())
                    .singleElement()
                    .satisfies(update -> {
                        assertThat(update.getAvailableVersion()).isEqualTo("2.4.0");
                        assertThat(update.getDownloadUrl()).startsWith("https://");
                    });
            assertThat(engine.engine().checkExtensionUpdates(CheckExtensionUpdatesRequest.getDefaultInstance())
                    .getUpdatesList()).isEmpty();
        }
    }

    private static CheckExtensionUpdatesRequest request(String... idsAndVersions) {
        CheckExtensionUpdatesRequest.Builder request = CheckExtensionUpdatesRequest.newBuilder();
        for (int i = 0; i < idsAndVersions.length; i += 2) {
            request.addInstalled(InstalledExtension.newBuilder().setId(idsAndVersions[i]).setVersion(idsAndVersions[i + 1]));
        }
        return request.build();
    }
}
