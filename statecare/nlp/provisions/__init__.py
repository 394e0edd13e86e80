"""Provisions: bill text -> `category.value` keys with the establishing sentence, and the scorecard.

sections.py splits statutory text, patterns.py holds the vocabulary's trigger phrases, extract.py
finds provisions with evidence spans, scorecard.py answers the design questions.
"""
