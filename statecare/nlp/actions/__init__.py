"""Actions: an action's description -> Open States categories (rules, a learned complement, spaCy).

classifier.py (rules + learned), rules.py (rule files), learned.py (the trained weights),
component.py (the spaCy component), bill.py (a bill's actions labelled both ways), labelled.py
(reading labelled CSVs for training).
"""
