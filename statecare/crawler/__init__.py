"""statecare.crawler"""
