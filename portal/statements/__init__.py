"""The members' statement responding to a published report, and the council's reply to it.

An organiser opens a draft under a published report; members propose text and comment; the
organiser edits the text and opens it for endorsement; members endorse it; once published, the
statement and its endorsement count appear on the report page, and the council owes a reply by
``STATEMENT_REPLY_WEEKS`` after.
"""
