package dev.orchestra.enginedev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The snippet of a hit: its line without surrounding white space, and for a long line (minified
 * code, say) a window of it around the first matching word, with "…" where it was cut.
 */
final class Snippets {

    static final int MAX_LENGTH = 200;
    /** How much of the line to show before the first match when the line must be cut. */
    private static final int LEAD = 60;
    private static final String CUT = "…";

    private Snippets() {
    }

    static String of(String line, Set<String> words, Analyzer analyzer, String field) {
        String text = line.strip();
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int match = firstMatch(text, words, analyzer, field);
        int start = Math.max(0, Math.min(match - LEAD, text.length() - MAX_LENGTH));
        int end = Math.min(text.length(), start + MAX_LENGTH);
        start = avoidSplitPair(text, start);
        end = avoidSplitPair(text, end);
        return (start > 0 ? CUT : "") + text.substring(start, end).strip() + (end < text.length() ? CUT : "");
    }

    private static int firstMatch(String text, Set<String> words, Analyzer analyzer, String field) {
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            int found = -1;
            // Read to the end even after a match: the stream's contract is to be consumed before end().
            while (stream.incrementToken()) {
                if (found < 0 && words.contains(term.toString())) {
                    found = offset.startOffset();
                }
            }
            stream.end();
            return Math.max(found, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing a String does no I/O
        }
    }

    /** Never cut between the two halves of a surrogate pair (an emoji, say). */
    private static int avoidSplitPair(String text, int index) {
        if (index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index))) {
            return index - 1;
        }
        return index;
    }
}
