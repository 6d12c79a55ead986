package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.glasscache.observability.lint.PromQl;
import io.glasscache.observability.lint.PromQl.Selector;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsSelectorsTheirMatchersRangesAndFunctions() {
        List<Selector> selectors = PromQl.selectors("histogram_quantile(0.99, sum by (cache_name, le) (rate("
                + "x_bucket{job=~\"$job\", le=\"0.1\"}[$__rate_interval]))) / on (job) group_left max(y:z:ratio)");
        assertThat(selectors).hasSize(2);
        assertThat(selectors.get(0).metric()).isEqualTo("x_bucket");
        assertThat(selectors.get(0).range()).isEqualTo("$__rate_interval");
        assertThat(selectors.get(0).function()).isEqualTo("rate");
        assertThat(selectors.get(0).matcherValue("job")).isEqualTo("$job");
        assertThat(selectors.get(0).matcherValue("le")).isEqualTo("0.1");
        assertThat(selectors.get(1).metric()).isEqualTo("y:z:ratio");
        assertThat(selectors.get(1).function()).isEqualTo("max");
        assertThat(selectors.get(1).range()).isNull();
    }

    @Test
    void labelListsKeywordsNumbersAndStringsAreNotSelectors() {
        List<Selector> selectors = PromQl.selectors("sum without (instance) (up offset 5m) > bool 1e3 and "
                + "label_replace(m, \"dst\", \"$1\", \"src\", \"(.+)\") or count by (le) (time() - t)");
        assertThat(selectors).extracting(Selector::metric).containsExactly("up", "m", "t");
    }

    @Test
    void readsNameOnlySelectorsAndRangesAfterSpaces() {
        List<Selector> selectors = PromQl.selectors("increase({__name__=~\"a_total|b_total\", job=\"j\"} [5m])");
        assertThat(selectors).singleElement().satisfies(s -> {
            assertThat(s.metric()).isNull();
            assertThat(s.matcherValue("__name__")).isEqualTo("a_total|b_total");
            assertThat(s.range()).isEqualTo("5m");
            assertThat(s.function()).isEqualTo("increase");
        });
    }

    @Test
    void findsVariablesInEveryGrafanaSyntax() {
        assertThat(PromQl.variables("a{x=~\"$job\", y=\"${instance:regex}\", z=\"[[cache]]\"}[$__rate_interval]"))
                .containsExactly("job", "instance", "cache", "__rate_interval");
    }
}
