"""A category or cycle without a name in the reader's language: the call page shows the
other language's name, marked with its lang attribute, at no extra query."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import AwardCycle, Category
from tests.factories import CallPageFactory


def eyebrow(body):
    return body.split('<p class="eyebrow">')[1].split("</p>")[0]


@pytest.mark.django_db
def test_the_call_page_marks_a_category_name_that_falls_back(client, call_index):
    call = CallPageFactory(parent=call_index)
    url = call.get_url()
    assert url.startswith("/en/")
    client.get(url)  # caches warmed: both counts below are of the page's own work
    with CaptureQueriesContext(connection) as before:
        body = client.get(url).content.decode()
    assert "New technologies · " in eyebrow(body) and "lang=" not in eyebrow(body)

    Category.objects.filter(code="TEC").update(name_en=None)
    AwardCycle.objects.filter(pk=call.cycle_id).update(name_zh_hans=f"{call.cycle.year}年度创新奖")
    with CaptureQueriesContext(connection) as after:
        body = client.get(url).content.decode()
    assert f'<span lang="zh-hans">新技术</span> · {call.cycle.name_en}</p>' in body.replace("\n", "")
    assert len(after) == len(before)
