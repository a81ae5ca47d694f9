package org.keyproject.indicator;

import java.util.Locale;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The addresses the cockpit links to for one query: the cockpit of another region, the exports, and
 * the list of projects behind each figure (same region, year, month, list level and revision).
 */
record CockpitLinks(IndicatorQuery q) {

    /** The same links at another month of the year (a row of the trend). */
    public CockpitLinks at(int month) {
        return new CockpitLinks(q.at(q.year(), month));
    }

    public String cockpit(long regionId) {
        return with("/cockpit", q.in(regionId)).toUriString();
    }

    public String export(String table) {
        return with("/cockpit/export", q).queryParam("table", table).toUriString();
    }

    /** The projects behind a figure of the whole region. */
    public String figure(String figure) {
        return figure(figure, Dimension.ALL, "");
    }

    /** The projects behind a figure of one cut (category INDUSTRIAL, child region 17 …). */
    public String figure(String figure, Dimension dimension, String key) {
        return cut("/indicators/projects", figure, dimension, key);
    }

    public String projectsExport(String figure, Dimension dimension, String key) {
        return cut("/indicators/projects/export", figure, dimension, key);
    }

    public String projectsPage(String figure, Dimension dimension, String key, int page) {
        return UriComponentsBuilder.fromUriString(figure(figure, dimension, key)).queryParam("page", page).toUriString();
    }

    static String project(long id) {
        return "/projects/" + id;
    }

    private String cut(String path, String figure, Dimension dimension, String key) {
        UriComponentsBuilder b = with(path, q).queryParam("figure", figure);
        if (dimension != Dimension.ALL) {
            b.queryParam("dimension", dimension.name().toLowerCase(Locale.ROOT)).queryParam("key", key);
        }
        return b.toUriString();
    }

    private static UriComponentsBuilder with(String path, IndicatorQuery q) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(path).queryParam("regionId", q.regionId())
                .queryParam("year", q.year()).queryParam("period", q.period()).queryParam("listLevel", q.level().name());
        if (q.batch() != null) {
            b.queryParam("batch", q.batch());
        }
        if (q.revised()) {
            b.queryParam("revised", true);
        }
        return b;
    }
}
