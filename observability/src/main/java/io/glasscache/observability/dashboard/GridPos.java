package io.glasscache.observability.dashboard;

/**
 * Where a panel sits on Grafana's grid: 24 columns wide, rows of about 30 px.
 *
 * @param h height in grid rows
 * @param w width in columns (1..24)
 * @param x first column (0..23)
 * @param y first row
 */
public record GridPos(int h, int w, int x, int y) {

    /** Grafana's grid width. */
    public static final int COLUMNS = 24;

    public GridPos at(int newX, int newY) {
        return new GridPos(h, w, newX, newY);
    }

    public GridPos withSize(int newH, int newW) {
        return new GridPos(newH, newW, x, y);
    }
}
