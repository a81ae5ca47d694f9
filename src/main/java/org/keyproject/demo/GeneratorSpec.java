package org.keyproject.demo;

/**
 * What to generate: the same seed gives the same city, people and projects. Dates derive from
 * {@code year} only: the data describes the library as it stands at the end of June of that year.
 */
public record GeneratorSpec(long seed, int projects, int counties, int year) {

    public GeneratorSpec {
        if (projects < 1) {
            throw new IllegalArgumentException("projects must be at least 1, was " + projects);
        }
        if (counties < 1) {
            throw new IllegalArgumentException("counties must be at least 1, was " + counties);
        }
        if (year < 2005 || year > 2099) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
    }
}
