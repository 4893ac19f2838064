package io.latentstream;

/**
 * Settings of the fuzz targets. Fuzz tests live in package io.latentstream because Jazzer
 * instruments the fuzz test's package and those below it: all of the project's code.
 */
final class Fuzzing {
    /** Each target's fuzzing run in the build; README's longer command repeats runs, keeping the corpus. */
    static final String DURATION = "30s";

    private Fuzzing() {}
}
