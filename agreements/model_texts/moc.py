"""The Memorandum of Cooperation's model text."""

from .memorandum import memorandum

MODEL = memorandum("Memorandum of Cooperation")
