"""Public record routes for the route matrix: assembly A is private, B is public."""

PRIVATE = (404, 200, 404, 200, 200, 200, 200, 404)
PUBLIC = (200, 200, 200, 200, 200, 200, 200, 200)

ROUTES = {
    "public.assemblies": ("GET", "/assemblies", PUBLIC),
    "public.assembly": ("GET", "/assemblies/{assembly_a}", PRIVATE),
    "public.recommendation": (
        "GET",
        "/assemblies/{assembly_a}/recommendations/{recommendation_a}",
        PRIVATE,
    ),
    "public.feed": ("GET", "/assemblies/{assembly_a}/feed.atom", PRIVATE),
    "public.about_feed": ("GET", "/assemblies/{assembly_a}/feed", PRIVATE),
    "public.recommendations_json": (
        "GET",
        "/assemblies/{assembly_a}/recommendations.json",
        PRIVATE,
    ),
    "public.recommendations_csv": ("GET", "/assemblies/{assembly_a}/recommendations.csv", PRIVATE),
}
