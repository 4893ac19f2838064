"""LatentStream learned codec: model, entropy model, training and export."""
