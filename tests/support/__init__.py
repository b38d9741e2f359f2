"""Test support shared by the suites: plain helpers and fixtures that no test module defines for
another (a test module never imports a test module or a conftest; tests/test_code_shape.py checks)."""
