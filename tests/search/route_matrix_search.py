"""Search routes for the route matrix: everyone may search; a private assembly (A) cannot be
searched by anyone, even its members (search covers public assemblies only)."""

ROUTES = {
    "search.search_page": ("GET", "/search?q=recommendation", (200,) * 8),
}
