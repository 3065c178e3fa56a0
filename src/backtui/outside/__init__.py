"""Commands that meet the person outside the app: status, checkin, remind, calendar.

None of them imports Textual, and status and remind only ever read the database.
"""
