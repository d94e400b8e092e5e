"""csops: the customer-service department's rules, enforced from the command line."""

__version__ = "0.1.0"
