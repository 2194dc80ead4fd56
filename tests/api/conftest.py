"""pytest fixtures for the API tests: a fresh kaito per test module."""
import pytest

from kaito import Kaito


@pytest.fixture
def kaito():
    """A new data directory and a running server, stopped after the test
    (which fails it if the server crashed or a sanitizer spoke)."""
    k = Kaito()
    k.start()
    yield k
    k.cleanup()


@pytest.fixture
def fresh():
    """A data directory without a running server (start it yourself)."""
    k = Kaito()
    yield k
    k.cleanup()
