"""The routes API Gateway serves (template.yaml) and the operations the document describes are the same."""

from __future__ import annotations

from devtools.local_api.template_routes import read_api
from tests.support.contract import document
from tests.support.events import PROJECT_ROOT


def test_template_routes_and_documented_operations_are_the_same_set() -> None:
    # ANY events exist only so a wrong method reaches the function for its 405; they are not operations.
    template = {
        (route.method, route.resource)
        for route in read_api(PROJECT_ROOT / "template.yaml").routes
        if route.method != "ANY"
    }
    documented = {(method.upper(), path) for path, item in document()["paths"].items() for method in item}

    assert template - documented == set(), "routes the document does not describe"
    assert documented - template == set(), "operations API Gateway does not route"


def test_every_documented_path_also_routes_other_methods_to_its_function() -> None:
    routes = read_api(PROJECT_ROOT / "template.yaml").routes
    for path in document()["paths"]:
        functions = {route.function.logical_id for route in routes if route.resource == path}
        assert any(route.method == "ANY" and route.resource == path for route in routes), (
            f"{path} has no ANY event"
        )
        assert len(functions) == 1, f"{path} is served by {sorted(functions)}"
