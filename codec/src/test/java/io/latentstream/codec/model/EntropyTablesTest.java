package io.latentstream.codec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntropyTablesTest {
    @TempDir
    Path tmp;

    private EntropyTables read(String levels) throws IOException {
        Path file = tmp.resolve("entropy-tables.json");
        Files.writeString(file, "{\"format\": \"" + EntropyTables.FORMAT + "\", \"channels\": 2, \"levels\": [" + levels + "]}");
        return EntropyTables.read(file);
    }

    @Test
    void readsTheMediansOfEachLevel() throws IOException {
        EntropyTables t = read("{\"channels\": [{\"median\": 0.25}, {\"median\": -1.5, \"cdf\": [0, 65536]}]}");
        assertArrayEquals(new float[] {0.25f, -1.5f}, t.medians(0));
        assertThrows(IllegalArgumentException.class, () -> t.medians(1));
    }

    @Test
    void refusesAMissingOrNonFiniteMedian() {
        assertThrows(ModelBundleException.class, () -> read("{\"channels\": [{\"median\": 0.25}, {}]}"));
        assertThrows(ModelBundleException.class, () -> read("{\"channels\": [{\"median\": 0.25}, {\"median\": \"NaN\"}]}"));
        assertThrows(ModelBundleException.class, () -> read("{\"channels\": [{\"median\": 1e39}, {\"median\": 0}]}"));
    }

    @Test
    void refusesALevelWithoutEveryChannel() {
        assertThrows(ModelBundleException.class, () -> read("{\"channels\": [{\"median\": 0.25}]}"));
    }
}
