package io.taidon.launcher;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects: every identifier that is not a function or aggregation (those are
 * followed by {@code (}), not a keyword, not a label inside {@code {…}} or a grouping list ({@code by (…)},
 * {@code on (…)}, …), not a duration and not inside a string. Enough for the project's rules and dashboards, not a
 * full PromQL parser (grammar: https://prometheus.io/docs/prometheus/latest/querying/basics/).
 */
final class PromQlNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");

    private static final Pattern GROUPINGS = Pattern
        .compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private static final Pattern OFFSETS = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");

    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan", "Inf", "NaN");

    private PromQlNames() {
    }

    /**
     * @param expression a PromQL expression
     * @return the metric names it selects, sorted
     */
    static Set<String> of(String expression) {
        String stripped = STRINGS.matcher(expression).replaceAll(" ");
        stripped = MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = GROUPINGS.matcher(stripped).replaceAll(" ");
        stripped = OFFSETS.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            boolean call = matcher.group(2) != null;
            if (!call && !KEYWORDS.contains(matcher.group(1))) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * The metric family a sample name belongs to in the Prometheus text format: a histogram's or summary's
     * {@code _bucket}, {@code _count} and {@code _sum} samples belong to the family without the suffix.
     *
     * @param sample a sample name
     * @param families the families a scrape declared ({@code # TYPE} lines)
     * @return the family, or the sample name itself when no family declares it
     */
    static String family(String sample, Set<String> families) {
        for (String suffix : new String[] { "_bucket", "_count", "_sum" }) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (families.contains(base)) {
                    return base;
                }
            }
        }
        return sample;
    }
}
