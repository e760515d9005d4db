"""The write path: change one record file without losing anything, or
refuse. transaction (the steps of every write) over lock, preserve (only the
changed lines differ), merge, guard (refuse what makes records worse) and
commit; the operations per record kind (commitments, meetings, members),
with author (who is writing), ids and documents (new values); and fmt.
"""
