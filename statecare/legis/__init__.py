"""statecare.legis: the ground floor -- facts of US legislatures as data.

Every stage (crawler, documents, db, nlp, costmodel, web, digest) imports these facts from here and
keeps no copy of its own: the states and territories (`states`), chambers (`chambers`), sessions
(`sessions`), bill identifiers (`identifiers`), what a kind of measure needs to be finished
(`measures`), the vocabularies DESIGN.md fixes (`vocabulary`), the words shown for each code
(`words`), the states' own names for their health programs (`programs`) and the bill record schema
(`record`).

The import rule: this package imports nothing else of statecare (a test enforces it), so anything
can stand on it and it can stand on nothing but the standard library and data packages.
"""
