"""Codes and variables: the code tree, its operations, codebook files."""
