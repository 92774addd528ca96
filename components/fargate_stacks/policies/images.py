"""Whether an image reference names a fixed image: a digest, or a tag other than ``latest``."""

from __future__ import annotations

from typing import Any

from .values import is_unknown

MOVING_TAGS = frozenset({"latest"})


def image_tag(image: str) -> str | None:
    """The tag of ``registry:5000/repo:tag`` (None when there is none; digests excluded)."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def image_problem(image: Any) -> str | None:
    """Why an image reference is not pinned; None when it is (or when it is not a string)."""
    if not isinstance(image, str) or not image or is_unknown(image):
        return None
    if "@sha256:" in image:
        return None
    tag = image_tag(image)
    if tag is None:
        return f"image {image!r} has no tag, so it means :latest: pin a version or a digest"
    if tag.lower() in MOVING_TAGS:
        return f"image {image!r} uses the moving tag {tag!r}: pin a version or a digest"
    return None
