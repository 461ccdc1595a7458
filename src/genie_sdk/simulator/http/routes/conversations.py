"""Conversations, messages, feedback and comments."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from genie_sdk.simulator.domain.errors import SimulatedApiError
from genie_sdk.simulator.domain.ids import new_id
from genie_sdk.simulator.domain.lifecycle import message_json, plan_message, refresh
from genie_sdk.simulator.domain.pagination import paginate
from genie_sdk.simulator.domain.state import CommentRecord, ConversationRecord, MessageRecord
from genie_sdk.simulator.http.routes._common import (
    flag,
    json_body,
    page_body,
    required_text,
    user_id,
)
from genie_sdk.simulator.http.simulation import Simulation

__all__ = ["ConversationRoutes"]

_SPACE = "/api/2.0/genie/spaces/{space_id}"
_CONVERSATION = _SPACE + "/conversations/{conversation_id}"
_MESSAGE = _CONVERSATION + "/messages/{message_id}"
_RATINGS = ("POSITIVE", "NEGATIVE", "NONE")
_TITLE_LENGTH = 255


def conversation_json(conversation: ConversationRecord) -> dict[str, Any]:
    """The ``Conversation`` object."""
    return {
        "id": conversation.conversation_id,
        "conversation_id": conversation.conversation_id,
        "space_id": conversation.space_id,
        "title": conversation.title,
        "user_id": conversation.user_id,
        "created_timestamp": conversation.created_ms,
        "last_updated_timestamp": conversation.updated_ms,
    }


def comment_json(comment: CommentRecord) -> dict[str, Any]:
    """The ``MessageComment`` object."""
    return {
        "message_comment_id": comment.message_comment_id,
        "space_id": comment.space_id,
        "conversation_id": comment.conversation_id,
        "message_id": comment.message_id,
        "content": comment.content,
        "user_id": comment.user_id,
        "created_timestamp": comment.created_ms,
    }


class ConversationRoutes:
    """Routes under ``/spaces/{space_id}`` for conversations and their messages."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    def routes(self) -> list[Route]:
        """The Starlette routes."""
        return [
            Route(_SPACE + "/start-conversation", self.start_conversation, methods=["POST"]),
            Route(_SPACE + "/conversations", self.list_conversations, methods=["GET"]),
            Route(_CONVERSATION, self.delete_conversation, methods=["DELETE"]),
            Route(_CONVERSATION + "/messages", self.create_message, methods=["POST"]),
            Route(_CONVERSATION + "/messages", self.list_messages, methods=["GET"]),
            Route(_CONVERSATION + "/list-comments", self.list_conversation_comments),
            Route(_MESSAGE, self.get_message, methods=["GET"]),
            Route(_MESSAGE, self.delete_message, methods=["DELETE"]),
            Route(_MESSAGE + "/feedback", self.send_feedback, methods=["POST"]),
            Route(_MESSAGE + "/comments", self.create_comment, methods=["POST"]),
            Route(_MESSAGE + "/comments", self.list_message_comments, methods=["GET"]),
        ]

    def _ask(
        self, conversation: ConversationRecord, content: str, viz: bool | None, uid: int
    ) -> MessageRecord:
        sim = self._sim
        previous_sql = None
        for message_id in reversed(conversation.message_ids):
            earlier = sim.state.messages[message_id]
            if earlier.queries:
                previous_sql = earlier.queries[-1].sql
                break
        answer = sim.rules.answer(
            content, space_id=conversation.space_id, previous_sql=previous_sql
        )
        now = sim.clock.now()
        message = plan_message(
            answer=answer,
            engine=sim.engine,
            settings=sim.settings,
            now=now,
            space_id=conversation.space_id,
            conversation_id=conversation.conversation_id,
            user_id=uid,
            content=content,
            enable_visualization=viz,
        )
        sim.state.messages[message.message_id] = message
        sim.state.messages_created += 1
        conversation.message_ids.append(message.message_id)
        conversation.updated_ms = message.created_ms
        return message

    def _question(self, body: dict[str, Any]) -> str:
        content = required_text(body, "content")
        limit = self._sim.settings.max_question_length
        if len(content) > limit:
            raise SimulatedApiError.invalid(
                f"Field 'content' has {len(content):,} characters; a question may have at most "
                f"{limit:,} characters."
            )
        return content

    def _message_json(self, message: MessageRecord) -> dict[str, Any]:
        return message_json(message, row_limit=self._sim.settings.inline_row_limit)

    async def start_conversation(self, request: Request) -> Response:
        """``POST /spaces/{space_id}/start-conversation``."""
        body = await json_body(request)
        content = self._question(body)
        viz = flag(body.get("enable_visualization"), "enable_visualization")
        uid = user_id(request)
        sim = self._sim
        with sim.state.lock:
            space = sim.state.space(request.path_params["space_id"])
            held = sum(c.space_id == space.space_id for c in sim.state.conversations.values())
            limit = sim.settings.max_conversations_per_space
            if held >= limit:
                raise SimulatedApiError(
                    400,
                    "RESOURCE_LIMIT_EXCEEDED",
                    f"Space {space.space_id} already holds {limit} conversations, the maximum. "
                    "Delete old conversations first.",
                )
            now_ms = sim.clock.now_ms()
            conversation = ConversationRecord(
                conversation_id=new_id(),
                space_id=space.space_id,
                user_id=uid,
                title=content.strip()[:_TITLE_LENGTH],
                created_ms=now_ms,
                updated_ms=now_ms,
            )
            sim.state.conversations[conversation.conversation_id] = conversation
            message = self._ask(conversation, content, viz, uid)
            return JSONResponse(
                {
                    "conversation_id": conversation.conversation_id,
                    "message_id": message.message_id,
                    "conversation": conversation_json(conversation),
                    "message": self._message_json(message),
                }
            )

    async def list_conversations(self, request: Request) -> Response:
        """``GET /spaces/{space_id}/conversations``: the caller's, or all with ``include_all``."""
        include_all = flag(request.query_params.get("include_all"), "include_all")
        uid = user_id(request)
        sim = self._sim
        with sim.state.lock:
            space = sim.state.space(request.path_params["space_id"])
            mine = [
                c
                for c in sim.state.conversations.values()
                if c.space_id == space.space_id and (include_all or c.user_id == uid)
            ]
            mine.reverse()
            page, token = paginate(
                mine,
                request.query_params,
                scope=f"conversations:{space.space_id}:{bool(include_all)}:{uid}",
                max_page_size=sim.settings.max_page_size,
            )
            items = [
                {
                    "conversation_id": c.conversation_id,
                    "title": c.title,
                    "created_timestamp": c.created_ms,
                    "agent_type": "GENIE_CONVERSATION_TYPE_CHAT",
                }
                for c in page
            ]
        return JSONResponse(page_body("conversations", items, token))

    async def delete_conversation(self, request: Request) -> Response:
        """``DELETE /spaces/{space_id}/conversations/{conversation_id}``."""
        state = self._sim.state
        with state.lock:
            conversation = state.conversation(
                request.path_params["space_id"], request.path_params["conversation_id"]
            )
            for message_id in conversation.message_ids:
                state.messages.pop(message_id, None)
            del state.conversations[conversation.conversation_id]
        return JSONResponse({})

    async def create_message(self, request: Request) -> Response:
        """``POST .../conversations/{conversation_id}/messages``."""
        body = await json_body(request)
        content = self._question(body)
        viz = flag(body.get("enable_visualization"), "enable_visualization")
        uid = user_id(request)
        with self._sim.state.lock:
            conversation = self._sim.state.conversation(
                request.path_params["space_id"], request.path_params["conversation_id"]
            )
            return JSONResponse(self._message_json(self._ask(conversation, content, viz, uid)))

    async def list_messages(self, request: Request) -> Response:
        """``GET .../conversations/{conversation_id}/messages`` (oldest first)."""
        sim = self._sim
        with sim.state.lock:
            conversation = sim.state.conversation(
                request.path_params["space_id"], request.path_params["conversation_id"]
            )
            messages = [sim.state.messages[m] for m in conversation.message_ids]
            page, token = paginate(
                messages,
                request.query_params,
                scope=f"messages:{conversation.conversation_id}",
                max_page_size=sim.settings.max_page_size,
            )
            now = sim.clock.now()
            items = []
            for message in page:
                refresh(message, settings=sim.settings, now=now, poll=False)
                items.append(self._message_json(message))
        return JSONResponse(page_body("messages", items, token))

    def _message(self, request: Request) -> MessageRecord:
        params = request.path_params
        return self._sim.state.message(
            params["space_id"], params["conversation_id"], params["message_id"]
        )

    async def get_message(self, request: Request) -> Response:
        """``GET .../messages/{message_id}``: each call is a poll that may advance the message."""
        sim = self._sim
        with sim.state.lock:
            message = self._message(request)
            refresh(message, settings=sim.settings, now=sim.clock.now(), poll=True)
            return JSONResponse(self._message_json(message))

    async def delete_message(self, request: Request) -> Response:
        """``DELETE .../messages/{message_id}``."""
        state = self._sim.state
        with state.lock:
            message = self._message(request)
            state.conversations[message.conversation_id].message_ids.remove(message.message_id)
            del state.messages[message.message_id]
        return JSONResponse({})

    async def send_feedback(self, request: Request) -> Response:
        """``POST .../messages/{message_id}/feedback``."""
        body = await json_body(request)
        rating = body.get("rating")
        if rating not in _RATINGS:
            raise SimulatedApiError.invalid(f"rating must be one of {', '.join(_RATINGS)}.")
        comment = body.get("comment")
        if comment is not None and not isinstance(comment, str):
            raise SimulatedApiError.invalid("comment must be a string.")
        with self._sim.state.lock:
            message = self._message(request)
            message.feedback = {"rating": rating, **({"comment": comment} if comment else {})}
        return JSONResponse({})

    async def create_comment(self, request: Request) -> Response:
        """``POST .../messages/{message_id}/comments``."""
        body = await json_body(request)
        content = required_text(body, "content")
        uid = user_id(request)
        state = self._sim.state
        with state.lock:
            message = self._message(request)
            comment = CommentRecord(
                message_comment_id=new_id(),
                space_id=message.space_id,
                conversation_id=message.conversation_id,
                message_id=message.message_id,
                content=content,
                user_id=uid,
                created_ms=self._sim.clock.now_ms(),
            )
            message.comments.append(comment)
            state.conversations[message.conversation_id].comments.append(comment)
            return JSONResponse(comment_json(comment))

    async def list_message_comments(self, request: Request) -> Response:
        """``GET .../messages/{message_id}/comments``."""
        with self._sim.state.lock:
            message = self._message(request)
            page, token = paginate(
                message.comments,
                request.query_params,
                scope=f"comments:{message.message_id}",
                max_page_size=self._sim.settings.max_page_size,
            )
            items = [comment_json(c) for c in page]
        return JSONResponse(page_body("comments", items, token))

    async def list_conversation_comments(self, request: Request) -> Response:
        """``GET .../conversations/{conversation_id}/list-comments``."""
        state = self._sim.state
        with state.lock:
            conversation = state.conversation(
                request.path_params["space_id"], request.path_params["conversation_id"]
            )
            comments = [c for c in conversation.comments if c.message_id in state.messages]
            page, token = paginate(
                comments,
                request.query_params,
                scope=f"conversation-comments:{conversation.conversation_id}",
                max_page_size=self._sim.settings.max_page_size,
            )
            items = [comment_json(c) for c in page]
        return JSONResponse(page_body("comments", items, token))
