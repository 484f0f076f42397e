from tests.factories.likes import likes_app  # noqa: F401 - a fixture
