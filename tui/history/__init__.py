"""The History screen, its chart and heatmap, and the therapy log's forms."""
