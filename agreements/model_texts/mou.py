"""The Memorandum of Understanding's model text."""

from .memorandum import memorandum

MODEL = memorandum("Memorandum of Understanding")
