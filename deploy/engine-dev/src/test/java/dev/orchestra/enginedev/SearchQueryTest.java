package dev.orchestra.enginedev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchQueryTest {

    private static SearchQuery parse(String text) {
        return SearchQuery.parse(text, "text", new CodeAnalyzer());
    }

    @Test
    void wordsBecomeTermsAndQuotedRunsOrJoinedWordsBecomePhrases() {
        SearchQuery query = parse("Parser \"quick brown\" user_name");

        assertThat(query.query().toString()).isEqualTo("text:parser text:\"quick brown\" text:\"user name\"");
        assertThat(query.words()).containsExactly("parser", "quick", "brown", "user", "name");
    }

    @Test
    void aRepeatedPartCountsOnce() {
        assertThat(parse("a A a").query().toString()).isEqualTo("text:a");
    }

    @Test
    void unusableQueriesSayWhy() {
        assertThatThrownBy(() -> parse(" ")).hasMessage("query must not be empty");
        assertThatThrownBy(() -> parse("say \"hi")).hasMessage("query has an unclosed quote");
        assertThatThrownBy(() -> parse("\"\" !!")).hasMessageContaining("no words to search for");
        assertThatThrownBy(() -> parse("x".repeat(SearchQuery.MAX_LENGTH + 1))).hasMessageContaining("longer than");
    }
}
