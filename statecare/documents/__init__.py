"""statecare.documents"""
