package io.latentstream.codec.stream;

/**
 * Where a frame codes.
 *
 * @param level            the rate level it stands for: asked for, or chosen by a bitrate target
 * @param point            the latent grid and inter residual step it codes with
 * @param lambdaScale      an inter frame's Lagrangian, times the stream's: more bits for less distortion above 1,
 *                         fewer below (a bitrate target's fine control between whole steps; 1 without a target)
 * @param targetOutOfReach a bitrate target asked for more bits than the top level spends at
 *                         residual step 1, or fewer than the lowest level spends at the coarsest step
 */
public record RateDecision(int level, GopSettings.RatePoint point, double lambdaScale, boolean targetOutOfReach) {}
