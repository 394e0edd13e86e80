"""statecare: track and analyse US state bills that move toward universal health coverage."""

__version__ = "0.1.0"
