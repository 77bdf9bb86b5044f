package dev.orchestra.platform.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns everything a JAX-RS resource can throw into the error envelope of docs/architecture.md section 2.
 * What fails before JAX-RS (authentication, body limits, unknown routes) is {@link HttpErrorRoutes}'s.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return ErrorResponses.of(e);
    }

    /** Bean validation: one entry per failed property, named by the last node of its path. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        Map<String, String> details = new LinkedHashMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            details.putIfAbsent(fieldName(violation.getPropertyPath()), violation.getMessage());
        }
        return ErrorResponses.of(ErrorCode.VALIDATION_ERROR, "The request is invalid", details);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e) {
        return ErrorResponses.of(ErrorCode.VALIDATION_ERROR, "The body is not valid JSON", Map.of("body", "Malformed JSON"));
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        String field = e.getPropertyName();
        return ErrorResponses.of(ErrorCode.VALIDATION_ERROR, "Unknown field: " + field, Map.of(field, "Unknown field"));
    }

    /** Wrong types: a string where a number belongs, an object for a list, a bad UUID or date. */
    @ServerExceptionMapper
    public Response mistypedJson(MismatchedInputException e) {
        String field = path(e);
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        String message = e instanceof InvalidFormatException ? "Invalid value, expected " + expected : "Expected " + expected;
        return ErrorResponses.of(ErrorCode.VALIDATION_ERROR, message, Map.of(field.isEmpty() ? "body" : field, message));
    }

    @ServerExceptionMapper
    public Response otherJsonProblem(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
        return ErrorResponses.of(ErrorCode.VALIDATION_ERROR, "The body could not be read",
                Map.of(field.isEmpty() ? "body" : field, "Invalid value"));
    }

    /** No or bad credentials on a route that needs them (the HTTP layer's are HttpErrorRoutes'). */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(ErrorResponses.of(ErrorCode.UNAUTHORIZED, "Missing, invalid or expired token", Map.of()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return ErrorResponses.of(ErrorCode.FORBIDDEN, "Not allowed", Map.of());
    }

    @ServerExceptionMapper
    public Response unknownRoute(NotFoundException e) {
        return ErrorResponses.of(ErrorCode.NOT_FOUND, "Not found", Map.of());
    }

    @ServerExceptionMapper
    public Response wrongMethod(NotAllowedException e) {
        Response response = ErrorResponses.of(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this route", Map.of());
        String allow = e.getResponse().getHeaderString("Allow");
        return allow == null ? response : Response.fromResponse(response).header("Allow", allow).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return ErrorResponses.of(ErrorCode.NOT_ACCEPTABLE, "This route answers application/json only", Map.of());
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return ErrorResponses.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json", Map.of());
    }

    /** Other JAX-RS statuses keep their status; the body becomes the envelope. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // The JSON reader wraps Jackson's complaint: answer it like the bare one.
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mistypedJson(mismatch);
        }
        if (e.getCause() instanceof JsonParseException parse) {
            return unreadableJson(parse);
        }
        if (e.getCause() instanceof JsonProcessingException other) {
            return otherJsonProblem(other);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = ErrorResponses.codeFor(status);
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.error("Unexpected error", e);
            return ErrorResponses.of(ErrorCode.INTERNAL_ERROR, "Unexpected error", Map.of());
        }
        // A framework 400 (a query parameter of the wrong type, say) is a validation error: 422.
        return ErrorResponses.of(code, safeMessage(e), Map.of());
    }

    /** A bug: logged with the request id; the body says nothing of the cause. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error", e);
        return ErrorResponses.of(ErrorCode.INTERNAL_ERROR, "Unexpected error", Map.of());
    }

    private static String safeMessage(WebApplicationException e) {
        // JAX-RS messages are of the form "HTTP 400 Bad Request": harmless, but say nothing useful.
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return reason == null || reason.isBlank() ? "The request cannot be served" : reason;
    }

    private static String fieldName(Path path) {
        String name = "";
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                name = node.getName();
            }
        }
        return name.isEmpty() ? "body" : snakeCase(name);
    }

    static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("."));
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(Class<?> type) {
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 timestamp";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        }
        return "an object";
    }
}
