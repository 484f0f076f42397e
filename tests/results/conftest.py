from tests.console.conftest import accounts, browser, console, organizer_console, page  # noqa: F401 - fixtures
from tests.factories.likes import likes_app  # noqa: F401 - a fixture
