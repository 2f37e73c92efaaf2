"""The JSON API (django-ninja) with an OpenAPI 3 schema at /api/openapi.json."""
