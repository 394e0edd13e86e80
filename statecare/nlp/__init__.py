"""statecare.nlp"""
