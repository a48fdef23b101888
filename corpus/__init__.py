"""Articles in: readers, encodings, cleaning, script, metadata, search, segmentation, import."""
