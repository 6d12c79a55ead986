package io.glasscache.observability.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the subset of Prometheus' alert templates GlassCache's annotations use ({@code {{ $labels.name }}} and
 * {@code {{ $value | humanize }}}, {@code humanizePercentage}, {@code humanizeDuration}), to write what promtool
 * must see in its unit tests. An independent oracle: Go's formatting ({@code %.4g}, SI prefixes) re-implemented
 * here and checked against promtool by those tests.
 */
public final class AlertTemplates {

    private static final Pattern FIELD = Pattern.compile(
            "\\{\\{ *(?:\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)|\\$value(?: *\\| *([a-zA-Z]+))?) *}}");
    private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};

    private AlertTemplates() {
    }

    /** {@code template} with the labels and the value filled in. */
    public static String render(String template, Map<String, String> labels, double value) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = labels.getOrDefault(m.group(1), "");
            } else if (m.group(2) == null) {
                replacement = formatG(value);
            } else {
                replacement = switch (m.group(2)) {
                    case "humanize" -> humanize(value);
                    case "humanizePercentage" -> humanizePercentage(value);
                    case "humanizeDuration" -> humanizeDuration(value);
                    default -> throw new IllegalArgumentException("unsupported template function " + m.group(2));
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Prometheus' {@code humanize}: SI prefixes, 4 significant digits. */
    public static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return formatG(v);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : BIG) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return formatG(v) + prefix;
        }
        for (String p : SMALL) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return formatG(v) + prefix;
    }

    /** Prometheus' {@code humanizePercentage}: the value times 100, 4 significant digits, a percent sign. */
    public static String humanizePercentage(double v) {
        return formatG(v * 100) + "%";
    }

    /** Prometheus' {@code humanizeDuration}: seconds as {@code 1d 2h 3m 4s}, or with a prefix below a second. */
    public static String humanizeDuration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return formatG(v);
        }
        if (v == 0) {
            return "0s";
        }
        if (Math.abs(v) >= 1) {
            String sign = v < 0 ? "-" : "";
            long total = (long) Math.abs(v);
            long seconds = total % 60;
            long minutes = total / 60 % 60;
            long hours = total / 3600 % 24;
            long days = total / 86400;
            if (days != 0) {
                return "%s%dd %dh %dm %ds".formatted(sign, days, hours, minutes, seconds);
            }
            if (hours != 0) {
                return "%s%dh %dm %ds".formatted(sign, hours, minutes, seconds);
            }
            if (minutes != 0) {
                return "%s%dm %ds".formatted(sign, minutes, seconds);
            }
            return sign + formatG(Math.abs(v)) + "s";
        }
        String prefix = "";
        for (String p : SMALL) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return formatG(v) + prefix + "s";
    }

    /** Go's {@code %.4g}: 4 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e4. */
    static String formatG(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(4, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 4) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return "%se%s%02d".formatted(mantissa.toPlainString(), exponent < 0 ? "-" : "+", Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
