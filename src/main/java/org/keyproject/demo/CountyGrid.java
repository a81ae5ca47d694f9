package org.keyproject.demo;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The demo city's fictional county boundaries: a grid of cells four wide around the city's centre,
 * every corner and edge midpoint moved a little and shared by the cells that meet there, so that the
 * polygons tile without gaps or overlaps and look drawn rather than ruled. The grid is the same in
 * every run (its jitter depends on the vertex only), so a second generation continues it.
 */
final class CountyGrid {

    static final int COLUMNS = 4;
    static final double WIDTH = 0.22;
    static final double HEIGHT = 0.18;
    /** No vertex moves further than this, in either direction. */
    static final double JITTER = 0.025;
    private static final double WEST = 121.1 - COLUMNS * WIDTH / 2;
    private static final double NORTH = 41.1 + HEIGHT * 1.5;
    /** Points keep this much more than the jitter from the ruled cell's edges: inside the polygon for sure. */
    private static final double MARGIN = JITTER + 0.005;

    private CountyGrid() {
    }

    /** The centre of a cell (longitude, latitude), cells counted row by row from the north-west. */
    static double[] centre(int cell) {
        return new double[] {WEST + (column(cell) + 0.5) * WIDTH, NORTH - (row(cell) + 0.5) * HEIGHT};
    }

    /** A point inside the cell's polygon: in the ruled cell shrunk by more than any vertex moved. */
    static double[] pointIn(int cell, Dice dice) {
        double[] c = centre(cell);
        return new double[] {c[0] + dice.uniform(-(WIDTH / 2 - MARGIN), WIDTH / 2 - MARGIN),
                c[1] + dice.uniform(-(HEIGHT / 2 - MARGIN), HEIGHT / 2 - MARGIN)};
    }

    /** The cell's outline as a GeoJSON Polygon: one closed ring, counter-clockwise (RFC 7946). */
    static String polygon(int cell) {
        int c = column(cell);
        int r = row(cell);
        double[][] ring = {
            corner(c, r + 1), horizontalMid(c, r + 1), corner(c + 1, r + 1), verticalMid(c + 1, r),
            corner(c + 1, r), horizontalMid(c, r), corner(c, r), verticalMid(c, r), corner(c, r + 1)};
        StringBuilder sb = new StringBuilder("{\"type\": \"Polygon\", \"coordinates\": [[");
        for (int i = 0; i < ring.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.6f, %.6f]", ring[i][0], ring[i][1]));
        }
        return sb.append("]]}").toString();
    }

    private static int column(int cell) {
        return cell % COLUMNS;
    }

    private static int row(int cell) {
        return cell / COLUMNS;
    }

    private static double[] corner(int c, int r) {
        return moved(WEST + c * WIDTH, NORTH - r * HEIGHT, 1, c, r);
    }

    /** The midpoint of the vertical edge from corner (c, r) down to corner (c, r + 1). */
    private static double[] verticalMid(int c, int r) {
        return moved(WEST + c * WIDTH, NORTH - (r + 0.5) * HEIGHT, 2, c, r);
    }

    /** The midpoint of the horizontal edge from corner (c, r) east to corner (c + 1, r). */
    private static double[] horizontalMid(int c, int r) {
        return moved(WEST + (c + 0.5) * WIDTH, NORTH - r * HEIGHT, 3, c, r);
    }

    private static double[] moved(double lon, double lat, int kind, int c, int r) {
        SplittableRandom random = new SplittableRandom(((long) kind << 40) ^ ((long) c << 20) ^ r);
        return new double[] {lon + (random.nextDouble() * 2 - 1) * JITTER, lat + (random.nextDouble() * 2 - 1) * JITTER};
    }
}
