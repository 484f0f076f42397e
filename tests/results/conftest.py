from tests.console.conftest import accounts, console, organizer_console  # noqa: F401 - fixtures (browser ones: tests/console)
from tests.factories.likes import likes_app  # noqa: F401 - a fixture
