"""Rasa's SQL tracker store, with the cost of a message bounded in the length of a conversation.

Rasa rebuilds a conversation from every event since the session started, on every message, and
sends all of them to the action server: message 150 cost 3.5 times message 10 (issue 16). This
store loads only the last `venster` messages of the person with what followed them, and in front
of them a short prefix that sets the conversation's state as it was at that point: the last value
of every slot and the active form (read from the slot events, not rebuilt from all events). The
policies look back at most 5 turns, so they decide as before. The prefix's SessionStarted carries
`{"venster_vanaf": <first event id>}` in its metadata, so the handoff can still read the whole
conversation for its transcript (bot/overdracht/gesprek.py `eerdere_events`).

Named in the endpoints Rasa gets (bot/beheer/runner.py, endpoints.yml):
    tracker_store: {type: bot.nlu.trackeropslag.BegrensdeTrackerStore, dialect: sqlite, db: ...}
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlu import versnelling

versnelling.install()  # why: the process that loads this store is the one calling actions

VENSTER = 10  # messages of the person kept in full; the policies look back 5 turns
OPGESLAGEN = "_jeugdwijzer_opgeslagen"  # on a tracker: how many of its events are in the database
RESETS = ("session_started", "restart", "reset_slots")
# Events that change the past (rewind, undo) or the state in ways the prefix does not rebuild:
# a conversation with one of them before the window is loaded in full, as Rasa does.
ONGEWOON = ("rewind", "undo", "pause", "resume", "followup", "reminder", "cancel_reminder")


def sqlite_met_wal(dbapi_connection: Any, _record: Any) -> None:
    """Several Rasa processes share the tracker database: readers never wait for a writer, and a
    commit does not wait for the disk (WAL keeps the file whole; a power cut can lose the last
    turns, never the database)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class BegrensdeTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, venster: int = VENSTER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.venster = int(venster)
        if self.engine.dialect.name == "sqlite":
            # Rasa opens and closes a connection per query (NullPool): keep one per thread open.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=sa.pool.SingletonThreadPool)
            sa.event.listen(self.engine, "connect", sqlite_met_wal)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions or not self.domain:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            begin = self._vensterbegin(session, sender_id)
            if begin is None:
                tracker = None
            else:
                tracker = self._venster(session, sender_id, begin)
        if tracker is None:  # short conversation (or an unusual one): everything, as Rasa does
            tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if tracker is not None:
            setattr(tracker, OPGESLAGEN, len(tracker.events))
        return tracker

    def _vensterbegin(self, session: Any, sender_id: str) -> int | None:
        """The id of the person's message where the window starts; None: load everything."""
        e = self.SQLEvent
        sessie = (
            session.query(sa.func.max(e.id))
            .filter(e.sender_id == sender_id, e.type_name == "session_started")
            .scalar()
        )
        begin = (
            session.query(e.id)
            .filter(e.sender_id == sender_id, e.type_name == "user", e.id > (sessie or 0))
            .order_by(e.id.desc())
            .offset(self.venster - 1)
            .limit(1)
            .scalar()
        )
        if begin is None:
            return None
        ongewoon = (
            session.query(e.id)
            .filter(e.sender_id == sender_id, e.id < begin, e.type_name.in_(ONGEWOON))
            .first()
        )
        return None if ongewoon else begin

    def _venster(self, session: Any, sender_id: str, begin: int) -> DialogueStateTracker:
        e = self.SQLEvent
        reset = (
            session.query(sa.func.max(e.id))
            .filter(e.sender_id == sender_id, e.id < begin, e.type_name.in_(RESETS))
            .scalar()
        ) or 0
        laatste_per_slot = (
            session.query(sa.func.max(e.id))
            .filter(e.sender_id == sender_id, e.type_name == "slot")
            .filter(e.id > reset, e.id < begin)
            .group_by(e.action_name)  # Rasa stores a slot event's slot name here
        )
        slots = session.query(e.data).filter(e.id.in_(laatste_per_slot)).order_by(e.id)
        formulier = (
            session.query(e.data)
            .filter(e.sender_id == sender_id, e.type_name == "active_loop")
            .filter(e.id > reset, e.id < begin)
            .order_by(e.id.desc())
            .first()
        )
        venster = (
            session.query(e.data).filter(e.sender_id == sender_id, e.id >= begin).order_by(e.id)
        )
        events = [json.loads(rij.data) for rij in venster]
        moment = events[0].get("timestamp")
        voorvoegsel = [
            ActionExecuted(ACTION_SESSION_START_NAME, timestamp=moment),
            SessionStarted(timestamp=moment, metadata={"venster_vanaf": begin}),
            *(self._slot(json.loads(rij.data), moment) for rij in slots),
        ]
        if formulier is not None:
            naam = json.loads(formulier.data).get("name")
            voorvoegsel.append(ActiveLoop(naam, timestamp=moment))
        voorvoegsel.append(ActionExecuted(ACTION_LISTEN_NAME, timestamp=moment))
        return DialogueStateTracker.from_dict(
            sender_id, [v.as_dict() for v in voorvoegsel] + events, self.domain.slots
        )

    @staticmethod
    def _slot(data: dict[str, Any], moment: float | None) -> SlotSet:
        return SlotSet(data.get("name"), data.get("value"), timestamp=moment)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """Only the events this process added: never the prefix, never a loaded event again."""
        opgeslagen = getattr(tracker, OPGESLAGEN, None)
        if opgeslagen is None:
            nieuw = list(super()._additional_events(session, tracker))
        else:
            nieuw = list(itertools.islice(tracker.events, opgeslagen, len(tracker.events)))
        setattr(tracker, OPGESLAGEN, len(tracker.events))
        return iter(nieuw)
