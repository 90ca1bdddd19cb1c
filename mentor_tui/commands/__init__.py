"""Subcommands of ``mentor``: each module defines ``register(subparsers)``."""
