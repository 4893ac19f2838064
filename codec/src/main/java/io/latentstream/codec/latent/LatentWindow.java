package io.latentstream.codec.latent;

import io.latentstream.codec.frame.RgbImage;

/**
 * A window of a frame for the analysis network: rows x cols latent positions from (row, col)
 * of the frame's latent grid, that is, those blocks of the frame padded to the grid.
 */
public record LatentWindow(RgbImage image, int level, int row, int col, int rows, int cols) {}
