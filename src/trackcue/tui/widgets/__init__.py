"""The player's own widgets: the profile strip, the splits table, the badges and the key hints."""
