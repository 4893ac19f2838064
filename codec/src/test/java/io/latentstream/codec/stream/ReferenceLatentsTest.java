package io.latentstream.codec.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReferenceLatentsTest {
    /** Two channels over a 1x2 latent: position 0 is channels' index 0 and 2, position 1 is 1 and 3. */
    private static int[] latent(int p0, int p1) {
        return new int[] {p0, p1, -p0, -p1};
    }

    @Test
    void backgroundFollowsAPositionOnlyOnceItStaysStill() {
        ReferenceLatents refs = new ReferenceLatents(latent(1, 1), 2, 2);
        // Something passes position 0 for two frames and leaves: the background keeps the scene.
        refs.advance(latent(5, 1));
        refs.advance(latent(6, 1));
        refs.advance(latent(1, 1));
        assertArrayEquals(latent(1, 1), refs.background());
        assertArrayEquals(latent(1, 1), refs.previous());
        // Something parks at position 1: after STILL_FRAMES unchanged frames it is background.
        refs.advance(latent(1, 7));
        for (int f = 1; f < ReferenceLatents.STILL_FRAMES; f++) {
            refs.advance(latent(1, 7));
            assertArrayEquals(latent(1, 1), refs.background(), "still for " + f + " frames");
        }
        refs.advance(latent(1, 7));
        assertArrayEquals(latent(1, 7), refs.background());
        assertEquals(4L * (4 + 4 + 2), refs.bytes());
    }
}
