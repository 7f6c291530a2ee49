"""The event's whole footprint, line by line: the attendees', speakers' and organisers'
travel, everyone's lunches, and the digital, paper and venue lines the site measures
(footprint/measured.py), each with what was declared or measured against what is
extrapolated.

The attendees are those who came, by the organisation statements' rule (checked in, or every
confirmed person before any check-in), so that the statements add up to the attendee travel
line plus the attendees' share of the catering line. Speakers who did not declare are counted
at the average of those who did (of the attendees when no speaker declared); organisers only
as declared, since the site does not know who of them came."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from footprint.digital import NOTHING, Emission
from footprint.measured import DigitalAndPaper, Line, digital_and_paper
from footprint.models import TravelDeclaration
from footprint.services import EventFootprint, estimate_for, event_footprint
from footprint.statements import attendees
from speakers.models import Speaker


def exactly(kg: float) -> Emission:
    """A figure from ADEME's travel and meal factors, which come without a range."""
    return Emission(kg, kg, kg)


@dataclass(frozen=True)
class Group:
    """A group's declared trips and lunches, and how many of its people did not declare."""

    declared: int
    travel_kg: float
    meals_kg: float
    undeclared: int
    invalid: int = 0  # declarations holding a figure outside its bounds, counted as not declared

    @property
    def average_travel_kg(self) -> float:
        return self.travel_kg / self.declared if self.declared else 0.0

    @property
    def average_meal_kg(self) -> float:
        return self.meals_kg / self.declared if self.declared else 0.0


def _group(declarations, undeclared: int, invalid: int) -> Group:
    estimates = [estimate_for(declaration) for declaration in declarations]
    return Group(
        declared=len(estimates),
        travel_kg=sum(estimate.travel_kg for estimate in estimates),
        meals_kg=sum(estimate.meal_kg for estimate in estimates),
        undeclared=undeclared,
        invalid=invalid,
    )


def attendee_group(footprint: EventFootprint) -> Group:
    return Group(
        declared=footprint.declared,
        travel_kg=sum(footprint.travel_by_mode.values()),
        meals_kg=footprint.meals_kg,
        undeclared=footprint.confirmed - footprint.declared,
        invalid=footprint.invalid,
    )


def speaker_and_organiser_groups(event, came) -> tuple[Group, Group]:
    """The speakers of the event's sessions (and any other speaker who declared a trip to
    it), and the organisers who declared theirs. A speaker who also came as an attendee (a
    registration among `came`) is counted once, with the attendees."""
    attending = Speaker.objects.filter(user__registrations__in=came).values_list("pk", flat=True)
    declarations = list(
        TravelDeclaration.objects.filter(event=event, registration__isnull=True).exclude(speaker__in=attending)
    )
    # A declaration holding a figure outside its bounds counts as not declared.
    invalid = [declaration for declaration in declarations if declaration.has_invalid_entry]
    valid = [declaration for declaration in declarations if not declaration.has_invalid_entry]
    speakers = [declaration for declaration in valid if declaration.speaker_id is not None]
    in_programme = set(
        Speaker.objects.filter(sessions__event=event).exclude(pk__in=attending).values_list("pk", flat=True)
    )
    undeclared = len(in_programme - {declaration.speaker_id for declaration in speakers})
    organisers = [declaration for declaration in valid if declaration.organiser_id is not None]
    invalid_speakers = sum(declaration.speaker_id is not None for declaration in invalid)
    return _group(speakers, undeclared, invalid_speakers), _group(organisers, 0, len(invalid) - invalid_speakers)


@dataclass(frozen=True)
class Footprint:
    lines: list[Line]
    came: EventFootprint  # the attendees who came, by the statements' rule
    attendees: int
    attendee_catering: Emission  # the attendees' share of the catering line
    measured: DigitalAndPaper

    @property
    def total(self) -> Emission:
        return sum((line.total for line in self.lines), NOTHING)

    @property
    def declared(self) -> Emission:
        return sum((line.declared for line in self.lines), NOTHING)

    @property
    def extrapolated(self) -> Emission:
        return sum((line.extrapolated for line in self.lines), NOTHING)

    @property
    def per_attendee(self) -> Emission:
        """The whole footprint shared between the attendees who came."""
        if not self.attendees:
            return NOTHING
        total = self.total
        return Emission(total.kg / self.attendees, total.low_kg / self.attendees, total.high_kg / self.attendees)

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)


def _invalid_declarations(*groups: Group) -> list[str]:
    """The line's mark for the declarations counted as not declared, if any."""
    invalid = sum(group.invalid for group in groups)
    return [_("trip declarations (%(count)s)") % {"count": invalid}] if invalid else []


def _travel_line(key: str, label: str, group: Group, average_kg: float) -> Line:
    return Line(
        key, label, exactly(group.travel_kg), exactly(group.undeclared * average_kg), [], _invalid_declarations(group)
    )


def event_lines(event) -> Footprint:
    """Every line of the event's footprint, the people it is shared between, and the
    measured side (for the scenarios)."""
    people_who_came = attendees(event)
    came_footprint = event_footprint(event, registrations=people_who_came)
    came = attendee_group(came_footprint)
    speakers, organisers = speaker_and_organiser_groups(event, people_who_came)
    # Speakers who did not declare travel and eat like those who did, or like the attendees.
    speakers_like = speakers if speakers.declared else came
    attendee_catering = exactly(came.meals_kg + came.undeclared * came.average_meal_kg)
    speaker_catering = exactly(speakers.meals_kg + speakers.undeclared * speakers_like.average_meal_kg)
    catering = Line(
        "catering",
        _("Catering (lunches of attendees, speakers and organisers)"),
        exactly(came.meals_kg + speakers.meals_kg + organisers.meals_kg),
        exactly((came.undeclared * came.average_meal_kg) + (speakers.undeclared * speakers_like.average_meal_kg)),
        [
            (_("Attendees"), attendee_catering),
            (_("Speakers"), speaker_catering),
            (_("Organisers"), exactly(organisers.meals_kg)),
        ],
        _invalid_declarations(came, speakers, organisers),
    )
    measured = digital_and_paper(event)
    lines = [
        _travel_line("attendee_travel", _("Attendees' travel"), came, came.average_travel_kg),
        _travel_line("speaker_travel", _("Speakers' travel"), speakers, speakers_like.average_travel_kg),
        _travel_line("organiser_travel", _("Organisers' travel (declared only)"), organisers, 0.0),
        catering,
        measured.digital,
        measured.paper,
        measured.venue,
    ]
    return Footprint(
        lines=lines,
        came=came_footprint,
        attendees=came_footprint.confirmed,
        attendee_catering=attendee_catering,
        measured=measured,
    )


def _saving(now: Emission, then: Emission) -> Emission:
    return Emission(max(now.kg - then.kg, 0), max(now.low_kg - then.low_kg, 0), max(now.high_kg - then.high_kg, 0))


def badges_on_phones_saving(footprint: Footprint) -> Emission:
    """What the paper line would lose if every badge were shown on a phone."""
    return _saving(footprint.measured.paper.total, footprint.measured.badges_all_on_phones)


def emails_without_attachments_saving(footprint: Footprint) -> Emission:
    """What the digital line would lose if no e-mail carried an attachment (the e-mails are
    the digital line's first part)."""
    digital = footprint.measured.digital
    emails = digital.parts[0][1] if digital.parts else NOTHING
    return _saving(emails, footprint.measured.emails_without_attachments)
