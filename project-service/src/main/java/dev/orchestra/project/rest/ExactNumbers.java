package dev.orchestra.project.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON numbers with a fraction or an exponent are read as {@link java.math.BigDecimal}, not as
 * doubles: a project's settings keep {@code 0.10000000000000000001} exactly as given, and
 * {@code 1e400} stays a number (which the settings rule then refuses as not finite) instead of
 * becoming Infinity. Applies to REST bodies and to sync mutations' data (the consumer reads them
 * with this same mapper), so both are read alike.
 */
@Singleton
public class ExactNumbers implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
