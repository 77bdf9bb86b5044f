package dev.orchestra.enginedev;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Words of source code: runs of letters and digits, lower-cased. Everything else separates words,
 * so {@code user.name}, {@code user_name} and {@code user-name} all hold the words user and name
 * (and match the query {@code user_name}, which becomes the phrase "user name").
 */
final class CodeAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer words = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
        return new TokenStreamComponents(words, new LowerCaseFilter(words));
    }
}
