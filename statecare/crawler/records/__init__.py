"""Source records -> the Open States (pupa) bill shape that statecare.db.store keeps."""
