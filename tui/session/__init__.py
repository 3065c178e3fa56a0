"""The live session screen, how it begins and ends, and its one-key questions."""
