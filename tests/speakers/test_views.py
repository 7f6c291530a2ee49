import pytest

from tests.factories import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("speaker_count", [1, 40])
def test_speakers_list_query_count_is_constant(client, django_assert_max_num_queries, speaker_count):
    session = SessionFactory()
    session.speakers.set(SpeakerFactory.create_batch(speaker_count))
    with django_assert_max_num_queries(3):
        response = client.get("/en/speakers/")
    assert len(response.context["speakers"]) == speaker_count
