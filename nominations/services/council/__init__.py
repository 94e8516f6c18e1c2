"""Council sessions and the secret ballot.

The secretariat schedules a session, sets its agenda from the candidates, records who is
present (and the written opinions of absent members), opens the vote, and closes it.
Members vote by secret ballot: a :class:`BallotReceipt` says *who* voted on an item, a
:class:`Ballot` says *what* was chosen, and nothing links the two. The receipts' unique
constraint (item, voter) is what stops a second ballot, even from two requests at once;
the ballots carry no voter, no time and a random key, are inserted in random order, and
the whole ballot box is rewritten when the vote closes so that neither insertion order
nor the system columns of the voting transactions lead back to a voter.
"""

from .record import session_record_update
from .sessions import agenda_set, attendance_record, session_create, session_update
from .voting import ballot_cast, voting_close, voting_open
from .written import OPINION_PAPER_KINDS, written_opinion_record, written_opinion_remove

__all__ = [
    "OPINION_PAPER_KINDS",
    "agenda_set",
    "attendance_record",
    "ballot_cast",
    "session_create",
    "session_record_update",
    "session_update",
    "voting_close",
    "voting_open",
    "written_opinion_record",
    "written_opinion_remove",
]
