"""statecare.digest"""
