package io.glasscache.demo.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * Draws a run's latency over time as a PNG with java.awt (headless): p50, p99 and max per second on a log scale
 * with the 50 ms SLO line, and below it the completed rate with errors and failover responses per second, and the
 * share of CPU time the host stole in each second (when known), so that a latency spike can be read against it.
 * Windows marked during the run (a fault) are shaded across both panels and named above; one whose label begins
 * with "baseline" is the reference the others are read against, shaded grey.
 */
public final class LatencyChart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 620;
    private static final int LEFT = 70;
    private static final int RIGHT = 45;
    private static final Color P50 = new Color(0x2E7D32);
    private static final Color P99 = new Color(0x1565C0);
    private static final Color MAX = new Color(0xB0BEC5);
    private static final Color SLO = new Color(0xC62828);
    private static final Color FAILOVER = new Color(0xF9A825);
    static final Color STEAL = new Color(0x8E24AA);
    /** The marked windows' shade: translucent, so the lines and the grid show through. */
    static final Color MARK = new Color(0xFF, 0x8F, 0x00, 56);
    static final Color REFERENCE = new Color(0x78, 0x90, 0x9C, 40);
    private static final Color MARK_LABEL = new Color(0xBF360C);

    private LatencyChart() {
    }

    public static void write(LoadReport report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(String.format(Locale.ROOT, "%s: %d req/s offered, %.0f s, open loop", report.label(),
                    report.rate(), report.seconds()), LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format(Locale.ROOT, "p50 %.1f ms   p99 %.1f ms   p99.9 %.1f ms   max %.1f ms   "
                            + "errors %d (%.2f%%)   failover %d   empty %d   host steal %s", report.p50(),
                    report.p99(), report.p999(), report.max(), report.errors(), report.errorRate() * 100,
                    report.failover(), report.empty(), LoadGenerator.stealSummary(report)), LEFT, 42);
            List<LoadReport.Second> seconds = report.timeline();
            int n = Math.max(1, seconds.size());
            marks(g, report.marks(), n, 60, 380, 410, 560);
            latencyPanel(g, seconds, n, 60, 380);
            ratePanel(g, seconds, n, 410, 560);
            g.setColor(Color.DARK_GRAY);
            g.drawString("seconds since start (latency from intended send time, HdrHistogram)", LEFT + 300,
                    HEIGHT - 20);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** Shades each marked window over both panels and writes its label at the top of the latency panel. */
    private static void marks(Graphics2D g, List<LoadReport.Mark> marks, int n, int top, int bottom, int rateTop,
            int rateBottom) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        int row = 0;
        for (LoadReport.Mark mark : marks) {
            int from = x(Math.min(n, mark.start()), n);
            int to = Math.max(from + 2, x(Math.min(n, mark.end()), n));
            boolean reference = mark.label().startsWith("baseline");
            g.setColor(reference ? REFERENCE : MARK);
            g.fillRect(from, top + 1, to - from, bottom - top - 1);
            g.fillRect(from, rateTop + 1, to - from, rateBottom - rateTop - 1);
            g.setColor(reference ? Color.DARK_GRAY : MARK_LABEL);
            g.drawString(mark.label(), from + 3, top + 30 + 13 * (row++ % 3));
        }
    }

    private static void latencyPanel(Graphics2D g, List<LoadReport.Second> seconds, int n, int top, int bottom) {
        double maxMs = Math.max(100, seconds.stream().mapToDouble(LoadReport.Second::max).max().orElse(100));
        double lo = Math.log10(0.5);
        double hi = Math.log10(maxMs * 1.2);
        frame(g, top, bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double tick : new double[] {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000}) {
            if (Math.log10(tick) > hi) {
                break;
            }
            int y = y(Math.log10(tick), lo, hi, top, bottom);
            g.setColor(new Color(0xEEEEEE));
            g.drawLine(LEFT + 1, y, WIDTH - RIGHT - 1, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString((tick >= 1000 ? (int) (tick / 1000) + " s" : (int) tick + " ms"), 12, y + 4);
        }
        int slo = y(Math.log10(50), lo, hi, top, bottom);
        g.setColor(SLO);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(LEFT, slo, WIDTH - RIGHT, slo);
        g.drawString("SLO 50 ms", WIDTH - RIGHT - 70, slo - 4);
        line(g, seconds, n, s -> Math.log10(Math.max(0.5, s.max())), lo, hi, top, bottom, MAX, 1.2f);
        line(g, seconds, n, s -> Math.log10(Math.max(0.5, s.p99())), lo, hi, top, bottom, P99, 2.2f);
        line(g, seconds, n, s -> Math.log10(Math.max(0.5, s.p50())), lo, hi, top, bottom, P50, 2.2f);
        legend(g, top + 14, new String[] {"p50", "p99", "max"}, new Color[] {P50, P99, MAX});
        xAxis(g, n, bottom);
    }

    private static void ratePanel(Graphics2D g, List<LoadReport.Second> seconds, int n, int top, int bottom) {
        double maxRate = Math.max(1, seconds.stream().mapToDouble(LoadReport.Second::count).max().orElse(1));
        frame(g, top, bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "%.0f/s", maxRate), 12, top + 10);
        g.drawString("0", 12, bottom);
        line(g, seconds, n, LoadReport.Second::count, 0, maxRate * 1.1, top, bottom, Color.BLACK, 1.5f);
        line(g, seconds, n, LoadReport.Second::failover, 0, maxRate * 1.1, top, bottom, FAILOVER, 1.5f);
        line(g, seconds, n, s -> s.errors() + s.empty(), 0, maxRate * 1.1, top, bottom, SLO, 1.5f);
        List<LoadReport.Second> stealKnown = seconds.stream().filter(s -> s.hostStealPercent() != null).toList();
        if (stealKnown.isEmpty()) {
            legend(g, top + 14, new String[] {"responses/s", "failover/s", "errors+empty/s"},
                    new Color[] {Color.BLACK, FAILOVER, SLO});
        } else {
            line(g, stealKnown, n, LoadReport.Second::hostStealPercent, 0, 100, top, bottom, STEAL, 1.5f);
            g.setColor(STEAL);
            g.drawString("100 %", WIDTH - RIGHT + 2, top + 10);
            legend(g, top + 14, new String[] {"responses/s", "failover/s", "errors+empty/s",
                "host CPU stolen, % (right)"}, new Color[] {Color.BLACK, FAILOVER, SLO, STEAL});
        }
        xAxis(g, n, bottom);
    }

    private static void frame(Graphics2D g, int top, int bottom) {
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, bottom - top);
    }

    private static void xAxis(Graphics2D g, int n, int bottom) {
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1));
        int step = n <= 20 ? 2 : n <= 60 ? 5 : n <= 180 ? 15 : 60;
        for (int s = 0; s <= n; s += step) {
            int x = x(s, n);
            g.drawLine(x, bottom, x, bottom + 4);
            g.drawString(Integer.toString(s), x - 5, bottom + 16);
        }
    }

    private static void legend(Graphics2D g, int y, String[] names, Color[] colors) {
        int x = LEFT + 10;
        for (int i = 0; i < names.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x, y - 8, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + 18, y - 2);
            x += 40 + names[i].length() * 7;
        }
    }

    private static void line(Graphics2D g, List<LoadReport.Second> seconds, int n,
            ToDoubleFunction<LoadReport.Second> value, double lo, double hi, int top, int bottom, Color color,
            float width) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        int px = -1;
        int py = -1;
        for (LoadReport.Second s : seconds) {
            int x = x(s.second(), n);
            int y = y(value.applyAsDouble(s), lo, hi, top, bottom);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            } else {
                g.fillOval(x - 2, y - 2, 4, 4);
            }
            px = x;
            py = y;
        }
    }

    private static int x(double second, int n) {
        return LEFT + (int) Math.round(second / n * (WIDTH - LEFT - RIGHT));
    }

    private static int y(double v, double lo, double hi, int top, int bottom) {
        double f = (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo);
        return bottom - (int) Math.round(f * (bottom - top));
    }
}
