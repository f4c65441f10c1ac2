from tests.conftest import dump


def test_fixture_builds_a_salon(s):
    assert s.salon.settings().salon_name == "Salon Zoë"
    assert dump(s.salon)
