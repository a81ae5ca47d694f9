package org.keyproject.demo;

/** What one generation wrote: counts of the rows created, under the root region it used. */
public record GeneratedData(long rootRegionId, int regions, int users, int projects) {
}
