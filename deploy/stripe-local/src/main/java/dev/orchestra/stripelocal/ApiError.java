package dev.orchestra.stripelocal;

import com.google.gson.JsonObject;

/**
 * An answer in Stripe's error envelope: {@code {"error": {"type", "code", "message", "param", "doc_url"}}}.
 * As Stripe does, {@code code}, {@code param} and {@code doc_url} are left out when they do not apply.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String INVALID_REQUEST = "invalid_request_error";
    static final String IDEMPOTENCY = "idempotency_error";
    static final String API = "api_error";

    final int status;
    final String type;
    final String code;
    final String param;

    ApiError(int status, String type, String code, String message, String param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static ApiError missing(String param) {
        return new ApiError(400, INVALID_REQUEST, "parameter_missing", "Missing required param: " + param + ".", param);
    }

    static ApiError unknown(String param) {
        return new ApiError(400, INVALID_REQUEST, "parameter_unknown", "Received unknown parameter: " + param
                + " (the local Stripe does not implement it; see deploy/stripe-local/README.md)", param);
    }

    static ApiError invalid(String param, String message) {
        return new ApiError(400, INVALID_REQUEST, null, message, param);
    }

    static ApiError invalidInteger(String param, String value) {
        return new ApiError(400, INVALID_REQUEST, "parameter_invalid_integer",
                "Invalid integer: " + value, param);
    }

    /** A referenced object that does not exist: 404 for the path's own id, 400 for one named in a parameter. */
    static ApiError noSuch(String kind, String id, String param, boolean inPath) {
        return new ApiError(inPath ? 404 : 400, INVALID_REQUEST, "resource_missing",
                "No such " + kind + ": '" + id + "'", param);
    }

    static ApiError unrecognizedUrl(String method, String path) {
        return new ApiError(404, INVALID_REQUEST, null, "Unrecognized request URL (" + method + ": " + path
                + "). The local Stripe implements only what billing-service uses (deploy/stripe-local/README.md).", null);
    }

    static ApiError state(String message) {
        return new ApiError(400, INVALID_REQUEST, null, message, null);
    }

    JsonObject envelope() {
        JsonObject error = Json.obj("type", type, "message", getMessage());
        if (code != null) {
            error.addProperty("code", code);
            error.addProperty("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        if (param != null) {
            error.addProperty("param", param);
        }
        return Json.obj("error", error);
    }
}
