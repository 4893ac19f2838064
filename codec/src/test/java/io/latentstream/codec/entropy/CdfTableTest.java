package io.latentstream.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CdfTableTest {
    @Test
    void rejectsBadTables() {
        assertThrows(IllegalArgumentException.class, () -> new CdfTable(0f, new int[] {0, 65536}));
        assertThrows(IllegalArgumentException.class, () -> new CdfTable(0f, new int[] {0, 10, 10, 65536}));
        assertThrows(IllegalArgumentException.class, () -> new CdfTable(0f, new int[] {0, 10, 20, 65535}));
        assertThrows(IllegalArgumentException.class, () -> new CdfTable(Float.NaN, new int[] {0, 10, 20, 65536}));
    }
}
