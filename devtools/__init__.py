"""Development tooling, never shipped in the Lambda layer: the local API server, the OpenAPI
generator, translations and the Python finder.

The layer's folder goes on the import path here, once, as /opt/python is on Lambda, so that every
tool imports `pico_planner` (its settings' names, its routes) as the functions do.
"""

import sys
from pathlib import Path

LAYER_DIR = Path(__file__).resolve().parents[1] / "shared"
if str(LAYER_DIR) not in sys.path:
    sys.path.insert(0, str(LAYER_DIR))
