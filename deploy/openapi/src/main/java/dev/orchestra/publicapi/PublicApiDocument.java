package dev.orchestra.publicapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build step that writes the gateway's {@code /openapi.json}:
 * {@code PublicApiDocument VERSION TEMPLATE OUTPUT SERVICE=UPSTREAM=PREFIX=DOCUMENT...}, run by this
 * module's build after the services have stored their documents (each in its {@code target/openapi/}).
 */
public final class PublicApiDocument {

    private static final System.Logger LOG = System.getLogger(PublicApiDocument.class.getName());

    private PublicApiDocument() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: PublicApiDocument VERSION TEMPLATE OUTPUT SERVICE=UPSTREAM=PREFIX=DOCUMENT...");
        }
        ObjectMapper json = new ObjectMapper();
        GatewayRoutes routes = GatewayRoutes.of(Files.readString(Path.of(args[1])));
        List<PublicApiMerger.ServiceDocument> services = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] parts = args[i].split("=", 4);
            Path document = Path.of(parts[3]);
            if (!Files.isRegularFile(document)) {
                throw new IllegalStateException(parts[0] + " has stored no OpenAPI document at " + document
                        + ": build the services first (./mvnw package)");
            }
            JsonNode tree = json.readTree(document.toFile());
            services.add(new PublicApiMerger.ServiceDocument(parts[0], parts[1], parts[2], tree));
        }
        PublicApiMerger.Result result = new PublicApiMerger(routes, args[0]).merge(services);
        Path output = Path.of(args[2]);
        Files.createDirectories(output.getParent());
        json.enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), result.document());
        // The build's log says what was left out and why: a route that stopped being public shows here.
        LOG.log(System.Logger.Level.INFO, "public API document: {0} paths written to {1}", result.document().path("paths").size(), output);
        result.leftOut().forEach(operation -> LOG.log(System.Logger.Level.INFO, "not public: {0}", operation));
    }
}
