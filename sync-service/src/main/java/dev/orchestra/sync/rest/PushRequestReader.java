package dev.orchestra.sync.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.orchestra.sync.rest.Bodies.PushRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads a push into its typed record with the service's own JSON settings, keeping the body's bytes at
 * hand so that each mutation's {@link PushedData} can be copied out exactly. The body is already
 * bounded (2 MiB) and checked (UTF-8, strings, numbers) by platform before it gets here.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class PushRequestReader implements MessageBodyReader<PushRequest> {

    private final ObjectReader reader;

    public PushRequestReader(ObjectMapper json) {
        this.reader = json.readerFor(PushRequest.class);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == PushRequest.class;
    }

    @Override
    public PushRequest readFrom(Class<PushRequest> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        return reader.withAttribute(PushedData.BODY, bytes).readValue(bytes);
    }
}
