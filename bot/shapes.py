"""Define the small shapes that services return and the web shows: a district and a button."""

from __future__ import annotations

from pydantic import BaseModel


class DistrictPublic(BaseModel):
    lgd_code: int
    name_en: str
    name_hi: str


class ButtonPublic(BaseModel):
    id: str
    title: str
