from django import template

from ..event_text import person_event_text
from ..models import PersonEvent

register = template.Library()


@register.filter
def person_event(event: PersonEvent) -> str:
    return person_event_text(event)
