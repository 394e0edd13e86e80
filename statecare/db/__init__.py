"""statecare.db"""
