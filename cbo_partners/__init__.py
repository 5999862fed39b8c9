"""CBO partnerships: which organisation shares which member, with consent."""
