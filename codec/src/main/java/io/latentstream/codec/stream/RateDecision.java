package io.latentstream.codec.stream;

/**
 * Where a frame codes.
 *
 * @param level            the rate level it stands for: asked for, or chosen by a bitrate target
 * @param point            the latent grid and inter residual step it codes with
 * @param targetOutOfReach a bitrate target asked for more bits than the top level spends at
 *                         residual step 1, or fewer than the lowest level spends at the coarsest step
 */
public record RateDecision(int level, GopSettings.RatePoint point, boolean targetOutOfReach) {}
