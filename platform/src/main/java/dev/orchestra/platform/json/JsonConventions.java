package dev.orchestra.platform.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The wire conventions of docs/architecture.md section 2 for every service: snake_case names, timestamps as
 * RFC 3339 UTC with milliseconds, strict types (a string is not a number, a number is not an
 * enum), so a mistyped field is a 422 rather than a guess, no duplicate keys, and exact numbers
 * (their rule and canonical form: {@link JsonNumbers}).
 */
@Singleton
public class JsonConventions implements ObjectMapperCustomizer {

    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Applied last: Quarkus' own customizer registers the JavaTimeModule late, and Jackson consults
     * the last registered serializers first — before it, ours would lose to ISO-8601 with nanoseconds.
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // {"a":1,"a":2} is a 422, not a guess at which one the client meant: a parser that keeps the
        // first and one that keeps the last would read the same stored text differently.
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // Numbers with a fraction or an exponent are read as BigDecimal, not double: JSON a client
        // stores (settings, a sync mutation's data) keeps 0.10000000000000000001 and 1e400 as given,
        // instead of rounding or becoming Infinity.
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        // Nor is a number or a boolean a string: {"name": 5} is a 422, not "5".
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("orchestra-timestamps").addSerializer(Instant.class, new InstantSerializer()));
    }

    /** {@code 2026-11-25T10:15:30.123Z}: always UTC, always three fraction digits. */
    static final class InstantSerializer extends StdSerializer<Instant> {
        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(TIMESTAMP.format(value));
        }
    }
}
