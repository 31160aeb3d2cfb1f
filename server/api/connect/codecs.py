"""The door's two codecs: both hand the pipeline protobuf bytes, as gRPC does."""

from __future__ import annotations

from typing import Any

from connectrpc.codec import Codec
from google.protobuf import json_format
from google.protobuf.message import Message

from matcher.errors import InvalidArgument, Reason
from matcher.text import Text
from server.api.connect.door_context import connect_error
from server.api.errors import to_status


class RawBinary(Codec[Any, Any]):
    """Binary protobuf as it came: the edge's pipeline parses and bounds it, as for gRPC."""

    def name(self) -> str:
        return "proto"

    def encode(self, message: Message) -> bytes:
        return message.SerializeToString()

    def decode(self, data: bytes | bytearray, message_class: type[Any]) -> bytes:
        return bytes(data)


class StrictJson(Codec[Any, Any]):
    """Proto3 JSON in (an unknown field is a mistake, named) and out (lowerCamelCase)."""

    def name(self) -> str:
        return "json"

    def encode(self, message: Message) -> bytes:
        return json_format.MessageToJson(message, indent=None).encode()

    def decode(self, data: bytes | bytearray, message_class: type[Any]) -> bytes:
        message = message_class()
        try:
            json_format.Parse(bytes(data) or b"{}", message)
        except (json_format.ParseError, UnicodeDecodeError, ValueError) as error:
            text = Text(
                id="Isi permintaan bukan JSON yang valid untuk metode ini",
                en=f"The request is not valid JSON for this method: {str(error)[:200]}",
            )
            status = to_status(InvalidArgument(Reason.MALFORMED_REQUEST, text))
            raise connect_error(status.code, status.details, status.trailing_metadata) from None
        return message.SerializeToString()  # type: ignore[no-any-return]
