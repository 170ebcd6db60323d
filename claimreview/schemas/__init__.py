"""The Pydantic models: the one source of truth for claimreview data."""

from claimreview.schemas.models import (
    KINDS,
    Appearance,
    Article,
    Citation,
    Claim,
    Document,
    Entity,
    FeedItem,
    Image,
    Organization,
    OrganizationKind,
    Person,
    Rating,
    Review,
    Sanction,
)

__all__ = [
    "KINDS",
    "Appearance",
    "Article",
    "Citation",
    "Claim",
    "Document",
    "Entity",
    "FeedItem",
    "Image",
    "Organization",
    "OrganizationKind",
    "Person",
    "Rating",
    "Review",
    "Sanction",
]
