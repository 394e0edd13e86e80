"""Policy type: is a bill about universal coverage, and by which route (classifier.py; train.py retrains)."""
