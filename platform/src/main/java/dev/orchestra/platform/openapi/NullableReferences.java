package dev.orchestra.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * A nullable field whose type is a named schema (a sync change's {@code origin}, a timestamp that
 * may be absent) comes out of the 3.0 writer as {@code {"allOf": [{"$ref": ...}], "nullable": true}}.
 * In OpenAPI 3.0 {@code nullable} does not reach into {@code allOf}, so a validator refuses the
 * {@code null} the field is documented to allow. Such a field gets the named schema's own keywords
 * instead, beside its {@code nullable}. Runs at build time, before the document is stored.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class NullableReferences implements OASFilter {

    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> named = openAPI.getComponents().getSchemas();
        Set<Schema> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Schema schema : named.values()) {
            inline(schema, named, seen);
        }
    }

    private static void inline(Schema schema, Map<String, Schema> named, Set<Schema> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (schema.getProperties() != null) {
            for (Schema property : schema.getProperties().values()) {
                String reference = nullableReference(property);
                Schema target = reference == null ? null : named.get(reference.substring(SCHEMAS.length()));
                if (target != null) {
                    Map<String, Object> merged = new LinkedHashMap<>(target.getAll());
                    property.getAll().forEach((key, value) -> {
                        if (!key.equals("anyOf") && !key.equals("allOf")) {
                            merged.put(key, value);
                        }
                    });
                    property.setAll(merged);
                    // Still nullable: null among its types (written as nullable: true in 3.0).
                    java.util.List<SchemaType> types = new java.util.ArrayList<>(
                            property.getType() == null ? java.util.List.of() : property.getType());
                    if (!types.contains(SchemaType.NULL)) {
                        types.add(SchemaType.NULL);
                        property.setType(types);
                    }
                }
                inline(property, named, seen);
            }
        }
        inline(schema.getItems(), named, seen);
    }

    /**
     * The reference of a nullable field of a named schema, or null. The model holds such a field in
     * 3.1's form, {@code anyOf: [{$ref}, {type: null}]}, or as {@code allOf: [{$ref}]} with null among
     * its types (from {@code @Schema(implementation = ..., nullable = true)}); the 3.0 document writes
     * both as allOf and nullable.
     */
    private static String nullableReference(Schema property) {
        if (property.getAllOf() != null && property.getAllOf().size() == 1 && isReference(property.getAllOf().get(0))
                && property.getType() != null && property.getType().contains(SchemaType.NULL)) {
            return property.getAllOf().get(0).getRef();
        }
        if (property.getAnyOf() == null || property.getAnyOf().size() != 2) {
            return null;
        }
        String reference = null;
        boolean nullAllowed = false;
        for (Schema option : property.getAnyOf()) {
            if (isReference(option)) {
                reference = option.getRef();
            } else if (option.getType() != null && option.getType().equals(java.util.List.of(SchemaType.NULL))) {
                nullAllowed = true;
            }
        }
        return nullAllowed ? reference : null;
    }

    private static boolean isReference(Schema schema) {
        return schema.getRef() != null && schema.getRef().startsWith(SCHEMAS);
    }
}
