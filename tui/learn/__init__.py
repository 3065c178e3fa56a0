"""Learn: pages about back pain and exercise, the palette search over them, the daily line."""
