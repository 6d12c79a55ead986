package io.glasscache.observability;

import java.util.ArrayList;
import java.util.List;

/** A line diff in the unified style ({@code -} expected, {@code +} actual), for stale generated files. */
public final class Diff {

    private static final int CONTEXT = 2;
    private static final int MAX_LINES = 80;

    private Diff() {
    }

    /** The differences of {@code actual} from {@code expected}, or an empty string when they are equal. */
    public static String of(String expected, String actual) {
        if (expected.equals(actual)) {
            return "";
        }
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        List<Boolean> changed = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add("  " + a[i]);
                changed.add(false);
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add("+ " + b[j++]);
                changed.add(true);
            } else {
                lines.add("- " + a[i++]);
                changed.add(true);
            }
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int lastPrinted = -1;
        for (int k = 0; k < lines.size() && shown < MAX_LINES; k++) {
            boolean near = false;
            for (int d = Math.max(0, k - CONTEXT); d <= Math.min(lines.size() - 1, k + CONTEXT); d++) {
                near |= changed.get(d);
            }
            if (near) {
                if (lastPrinted >= 0 && k > lastPrinted + 1) {
                    out.append("  ...\n");
                }
                out.append("@").append(k + 1).append(' ').append(lines.get(k)).append('\n');
                lastPrinted = k;
                shown++;
            }
        }
        if (shown == MAX_LINES) {
            out.append("  ... (more differences)\n");
        }
        return out.toString();
    }
}
