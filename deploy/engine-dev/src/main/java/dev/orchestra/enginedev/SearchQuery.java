package dev.orchestra.enginedev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * What a user typed, as a Lucene query on one line's words. The language is small on purpose:
 * words and "quoted phrases", nothing else (no fields, wildcards or operators, which code is full
 * of). Any part may match; lines matching more parts, or rarer ones, rank higher (BM25).
 * A word that holds several words of code ({@code user_name}, {@code a.b}) is a phrase of them.
 */
final class SearchQuery {

    static final int MAX_LENGTH = 1000;

    private final Query query;
    private final Set<String> words;

    private SearchQuery(Query query, Set<String> words) {
        this.query = query;
        this.words = words;
    }

    /** @throws InvalidRequestException for an empty query, an unclosed quote or nothing to search for */
    static SearchQuery parse(String text, String field, Analyzer analyzer) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("query must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidRequestException("query is longer than " + MAX_LENGTH + " characters");
        }
        List<String> parts = splitOnQuotesAndSpaces(text);
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        Set<String> words = new LinkedHashSet<>();
        Set<Query> seen = new LinkedHashSet<>();
        for (String part : parts) {
            List<Positioned> tokens = analyze(analyzer, field, part);
            if (tokens.isEmpty()) {
                continue;
            }
            tokens.forEach(t -> words.add(t.word));
            Query clause = tokens.size() == 1 ? new TermQuery(new Term(field, tokens.get(0).word)) : phrase(field, tokens);
            if (seen.add(clause)) {
                builder.add(clause, Occur.SHOULD);
            }
        }
        if (seen.isEmpty()) {
            throw new InvalidRequestException("query has no words to search for (letters or digits)");
        }
        return new SearchQuery(builder.build(), Collections.unmodifiableSet(words));
    }

    Query query() {
        return query;
    }

    /** The lower-cased words the query looks for, to find where a line matches. */
    Set<String> words() {
        return words;
    }

    /** Quoted runs stay whole; the rest splits on white space. */
    private static List<String> splitOnQuotesAndSpaces(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                flush(current, parts);
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(c)) {
                flush(current, parts);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new InvalidRequestException("query has an unclosed quote");
        }
        flush(current, parts);
        return parts;
    }

    private static void flush(StringBuilder current, List<String> parts) {
        if (current.length() > 0) {
            parts.add(current.toString());
            current.setLength(0);
        }
    }

    private static Query phrase(String field, List<Positioned> tokens) {
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        tokens.forEach(t -> phrase.add(new Term(field, t.word), t.position));
        return phrase.build();
    }

    private record Positioned(String word, int position) {
    }

    private static List<Positioned> analyze(Analyzer analyzer, String field, String text) {
        List<Positioned> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                tokens.add(new Positioned(term.toString(), position));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing a String does no I/O
        }
        return tokens;
    }
}
