package dev.orchestra.platform.openapi;

import dev.orchestra.platform.error.ErrorCode;
import dev.orchestra.platform.error.ErrorResponses;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Names the envelope's {@code error} code in every error answer of every service's document, as the
 * example of that answer: the code follows from the status ({@link ErrorResponses#codeFor}), so no
 * resource has to repeat it. Runs at build time, so the stored document (the gateway's merged one is
 * made from it) carries it too.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ErrorCodeExamples implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return operation;
        }
        for (Map.Entry<String, APIResponse> answer : operation.getResponses().getAPIResponses().entrySet()) {
            int status = parseStatus(answer.getKey());
            if (status < 400 || answer.getValue().getContent() == null) {
                continue;
            }
            for (MediaType media : answer.getValue().getContent().getMediaTypes().values()) {
                if (isEnvelope(media) && media.getExample() == null) {
                    media.setExample(example(ErrorResponses.codeFor(status), answer.getValue().getDescription()));
                }
            }
        }
        return operation;
    }

    private static boolean isEnvelope(MediaType media) {
        return media.getSchema() != null && media.getSchema().getRef() != null && media.getSchema().getRef().endsWith("/ApiError");
    }

    private static Map<String, Object> example(ErrorCode code, String description) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("error", code.code());
        example.put("message", description == null ? code.code() : description);
        example.put("details", Map.of());
        return example;
    }

    private static int parseStatus(String status) {
        try {
            return Integer.parseInt(status);
        } catch (NumberFormatException e) {
            return 0; // "default", "4XX": not one status
        }
    }
}
