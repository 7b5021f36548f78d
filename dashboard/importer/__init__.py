"""Importing ministry files: readers, value parsers, resolvers, the import pipeline."""
