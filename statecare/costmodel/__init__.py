"""statecare.costmodel"""
