package dev.orchestra.stripelocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Form-encoded parameters with bracketed keys, read as Stripe reads them. */
class ParamsTest {

    private static Params parse(String encoded) {
        return Params.parse(Params.pairs(encoded));
    }

    @Test
    void bracketsMakeHashesAndArrays() {
        Params p = parse("mode=subscription&metadata[user_id]=u%201&line_items[0][price]=price_a"
                + "&line_items[0][quantity]=2&line_items[1][price]=price_b&success_url=http%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2");
        assertThat(p.string("mode")).isEqualTo("subscription");
        assertThat(p.stringMap("metadata")).containsExactlyEntriesOf(java.util.Map.of("user_id", "u 1"));
        List<Params> items = p.list("line_items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).string("price")).isEqualTo("price_a");
        assertThat(items.get(0).integer("quantity")).isEqualTo(2L);
        assertThat(items.get(0).name("price")).isEqualTo("line_items[0][price]");
        assertThat(items.get(1).string("price")).isEqualTo("price_b");
        assertThat(p.string("success_url")).isEqualTo("http://x/?a=1&b=2");
    }

    @Test
    void arraysOfStringsComeIndexedOrAppended() {
        assertThat(parse("expand[]=customer&expand[]=line_items").strings("expand")).containsExactly("customer", "line_items");
        assertThat(parse("expand[1]=b&expand[0]=a").strings("expand")).containsExactly("a", "b");
        assertThat(parse("expand=customer").strings("expand")).containsExactly("customer");
        assertThat(parse("types[0]=invoice.paid&types[1]=invoice.finalized").strings("types"))
                .containsExactly("invoice.paid", "invoice.finalized");
        assertThat(parse("expand=").strings("expand")).isEmpty();
    }

    @Test
    void anEmptyValueUnsets() {
        Params p = parse("metadata[plan]=&description=");
        assertThat(p.stringMap("metadata")).containsEntry("plan", "");
        assertThat(p.has("description")).isTrue();
        assertThat(p.text("description")).isNull();
        assertThat(parse("metadata=").stringMap("metadata")).isEmpty();
        assertThat(parse("email=a").stringMap("metadata")).isNull();
    }

    @Test
    void refusalsNameTheParameterAsSent() {
        assertThatThrownBy(() -> parse("email=a&colour=blue").only("email"))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status).isEqualTo(400);
                    assertThat(e.code).isEqualTo("parameter_unknown");
                    assertThat(e.param).isEqualTo("colour");
                });
        assertThatThrownBy(() -> parse("line_items[0][prize]=x").list("line_items").get(0).only("price"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.param).isEqualTo("line_items[0][prize]"));
        assertThatThrownBy(() -> parse("limit=ten").integer("limit"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code).isEqualTo("parameter_invalid_integer"));
        assertThatThrownBy(() -> parse("cancel_at_period_end=yes").bool("cancel_at_period_end"))
                .isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> parse("").require("customer"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code).isEqualTo("parameter_missing"));
        parse("expand[0]=customer").only(); // expand is always allowed
    }

    @Test
    void keysAreSplitOnBrackets() {
        assertThat(Params.segments("a[b][0][]")).containsExactly("a", "b", "0", "");
        assertThat(Params.segments("plain")).containsExactly("plain");
        assertThat(Params.segments("broken[x")).containsExactly("broken[x");
    }
}
