"""A public assembly with three recommendations, an organiser, an officer and two members."""

from __future__ import annotations

from tests.support.data import create_assembly, create_recommendation, create_user

CALENDAR = "/assemblies/climate-2025/calendar"
ADMIN = "/admin/assemblies/climate-2025/calendar"


def calendar_world(*, public: bool = True) -> dict:
    assembly = create_assembly("climate-2025", name="Climate Assembly 2025", public=public)
    recommendations = [
        create_recommendation(assembly, number, title=title)
        for number, title in (
            (7, "Insulate every council home"),
            (12, "Car-free town centre"),
            (14, "Evening buses"),
        )
    ]
    return {
        "assembly": assembly,
        "recommendations": recommendations,
        "organiser": create_user("organiser@council.example", role="organiser"),
        "officer": create_user("officer@council.example", role="officer"),
        "members": [
            create_user("ada@example.org", assemblies=[assembly]),
            create_user("bob@example.org", assemblies=[assembly]),
        ],
    }
