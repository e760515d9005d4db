"""Pure questions over the records: how each stood on a day (asof), which
meetings were last and come next (meetings), the status report's sections
(sections, status), the agenda (agenda), `tracker list` (listing) and ids
that must name a member or a meeting (lookup).

Every function takes records and an as-of day and returns typed values;
nothing here reads files, runs git or prints.
"""
