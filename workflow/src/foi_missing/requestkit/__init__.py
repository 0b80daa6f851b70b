"""Running a round before the replies are in: requests and answer forms from the round
spec, statutory deadlines, the tracker, reminder letters and the import of replies by mail.

See docs/running-a-round.md for the walk from round.yaml to the published report.
"""
