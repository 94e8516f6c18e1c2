"""Helpers shared by test modules (builders, clients, PDF readers): test modules import
from here, from ``tests.factories`` and from conftest fixtures, never from each other."""
