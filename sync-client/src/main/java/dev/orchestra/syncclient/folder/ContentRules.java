package dev.orchestra.syncclient.folder;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What the API can carry as a file's content: UTF-8 text (strings with NUL are refused everywhere) of at
 * most 1 MiB, whose push (the content as an escaped JSON string) fits in one push's 2 MiB. Anything
 * else is skipped with the reason, never half-synced.
 */
public final class ContentRules {

    /** project-service's limit: 1 MiB of UTF-8 per file. */
    public static final int MAX_CONTENT_BYTES = 1024 * 1024;
    /** Room a single mutation may take in a push (2 MiB, less the envelope and the other fields). */
    public static final int MAX_ENCODED_BYTES = 2 * 1024 * 1024 - 8 * 1024;

    private ContentRules() {
    }

    /** Null when the bytes can be synced; else why not (a {@link dev.orchestra.syncclient.state.Problem} reason and message). */
    public static String[] refusal(byte[] bytes) {
        if (bytes.length > MAX_CONTENT_BYTES) {
            return new String[] {"too_large", "over the server's limit of 1 MiB per file (" + bytes.length + " bytes): not synced"};
        }
        String text = decode(bytes);
        if (text == null || text.indexOf('\0') >= 0) {
            return new String[] {"binary", "not UTF-8 text (binary files cannot be carried by the API yet): not synced"};
        }
        if (encodedLength(text) > MAX_ENCODED_BYTES) {
            return new String[] {"too_large", "too large to push once escaped as JSON (control characters take 6 bytes each): not synced"};
        }
        return null;
    }

    /** The bytes as strict UTF-8, or null when they are not. */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Bytes of the text as a JSON string (quotes aside), as Jackson writes it. */
    static long encodedLength(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                length += 2;
            } else if (c < 0x20) {
                length += 6;
            } else if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else {
                length += 3; // a surrogate pair counts 3 + 3 here against 4 in UTF-8: an over-estimate, on the safe side
            }
        }
        return length;
    }
}
