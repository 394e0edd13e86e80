"""The subscribe and preferences forms (Flask-WTF: every POST carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from statecare.digest.labels import POLICY_LABELS, POLICY_TYPES, RELEVANT_POLICY_TYPES, STATE_NAMES
from statecare.digest.selection import MAX_SAVED_SEARCH
from statecare.digest.subscriptions import InvalidAddress, normalise_email

STATE_CHOICES = [SelectChoice(code, name) for code, name in sorted(STATE_NAMES.items(), key=lambda c: c[1])]
POLICY_CHOICES = [SelectChoice(p, POLICY_LABELS.get(p, p)) for p in POLICY_TYPES]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (friendlier than a multi-select box, and it works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _check_saved_search(_form: FlaskForm, field: StringField) -> None:
    from statecare.db.search import parse_query

    if field.data and parse_query(field.data).empty:
        raise ValidationError("The saved search has no words to look for.")


class FiltersMixin:
    states = MultiCheckboxField("States (none ticked = every state)", choices=STATE_CHOICES)
    policy_types = MultiCheckboxField(
        "Kinds of bill (none ticked = single-payer, public option, studies and memorials)",
        choices=POLICY_CHOICES,
    )
    saved_search = StringField(
        "Only bills matching this search (optional)",
        validators=[Length(max=MAX_SAVED_SEARCH), _check_saved_search],
    )


class SubscribeForm(FiltersMixin, FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(message="Please enter an email address.")])
    submit = SubmitField("Subscribe")

    normalised_email: str | None = None

    def validate_email(self, field: EmailField) -> None:
        try:
            self.normalised_email = normalise_email(field.data or "")
        except InvalidAddress as exc:
            raise ValidationError(str(exc)) from exc


class PreferencesForm(FiltersMixin, FlaskForm):
    send_empty = BooleanField("Email me even in weeks when nothing moved")
    submit = SubmitField("Save preferences")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm my subscription")


class UnsubscribeForm(FlaskForm):
    submit = SubmitField("Unsubscribe")


class ResubscribeForm(FlaskForm):
    submit = SubmitField("Subscribe again")


DEFAULT_TYPES = RELEVANT_POLICY_TYPES


class FollowForm(FlaskForm):
    """"Follow this bill" on a bill page: the address and the bill's id."""

    email = EmailField("Email address", validators=[DataRequired(message="Please enter an email address.")])
    bill_id = IntegerField("Bill", validators=[DataRequired()])

    normalised_email: str | None = None

    def validate_email(self, field: EmailField) -> None:
        try:
            self.normalised_email = normalise_email(field.data or "")
        except InvalidAddress as exc:
            raise ValidationError(str(exc)) from exc


class ButtonForm(FlaskForm):
    """A form that is only a button (confirm a follow, stop alerts): GET never changes anything."""
