"""Database access: the schema, the reference geography and the one door the app queries through."""
