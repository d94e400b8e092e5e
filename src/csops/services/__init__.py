"""Use cases: open one transaction, check permission, load rows, call rules, write
rows and the audit entry, commit once."""
