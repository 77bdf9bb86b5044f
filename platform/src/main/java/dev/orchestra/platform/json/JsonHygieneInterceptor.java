package dev.orchestra.platform.json;

import dev.orchestra.platform.error.ApiException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Every JSON request body goes through {@link JsonHygiene} before Jackson reads it. */
@Provider
public class JsonHygieneInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        CharSequence text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ApiException(dev.orchestra.platform.error.ErrorCode.VALIDATION_ERROR,
                    "The body is not valid UTF-8", Map.of("body", "Not valid UTF-8"));
        }
        if (text.chars().allMatch(Character::isWhitespace)) {
            throw new ApiException(dev.orchestra.platform.error.ErrorCode.VALIDATION_ERROR, "A JSON body is required",
                    Map.of("body", "Required"));
        }
        JsonHygiene.check(text);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
