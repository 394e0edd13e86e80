"""Measurement only: scoring each stage against labelled data. Production code never imports it."""
