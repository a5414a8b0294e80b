"""The routes API Gateway serves (template.yaml) and the operations the document describes are the same."""

from __future__ import annotations

import ast
import re

from devtools.local_api.template_routes import load_template, read_api
from tests.support.contract import document
from tests.support.events import PROJECT_ROOT

# A path of the API as prose names it: the stage, then the resource.
_NAMED_PATH = re.compile(r"/v1(/[A-Za-z0-9_./{}-]*[A-Za-z0-9_}])")


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


def test_each_function_names_the_paths_it_serves_in_its_file_and_its_template_description() -> None:
    # The function file's docstring and the template's Description say which routes a function serves,
    # in prose; a route added or moved must not leave them naming the old set.
    template = load_template(PROJECT_ROOT / "template.yaml")
    routes = read_api(PROJECT_ROOT / "template.yaml").routes
    functions = {route.function.logical_id: route.function for route in routes}
    for function in functions.values():
        served = {route.resource for route in routes if route.function.logical_id == function.logical_id}
        module = (function.code_dir / f"{function.module}.py").read_text(encoding="utf-8")
        docstring = ast.get_docstring(ast.parse(module)) or ""
        description = str(template["Resources"][function.logical_id]["Properties"].get("Description", ""))

        assert set(_NAMED_PATH.findall(docstring)) == served, (
            f"{function.logical_id}'s file names other paths"
        )
        assert set(_NAMED_PATH.findall(description)) == served, f"{function.logical_id}'s Description"
