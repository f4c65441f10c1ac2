"""Consultation forms: the salon's questions for a kind of service (a catalogue category —
"Colour": hair history, medical conditions, allergies, medication, pregnancy), and a
client's answers. A consultation keeps each question as it was asked, so a form a manager
rewords later never changes what a client signed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name, clean_text

MAX_QUESTIONS = 40
MAX_QUESTION = 200
MAX_ANSWER = 1000


class Answered(StrEnum):
    """How a question is answered: yes or no (with details, e.g. which medication), or in
    words."""

    YES_NO = "yes_no"
    TEXT = "text"


YES, NO = "yes", "no"


@dataclass(frozen=True)
class Question:
    text: str
    kind: Answered


@dataclass(frozen=True)
class Answer:
    question: str
    kind: Answered
    answer: str  # "yes" / "no" for a yes-or-no question, else the words
    details: str = ""

    @property
    def shown(self) -> str:
        """The answer as a page or a screen says it: "Yes — hair dye, 2019"."""
        said = self.answer.capitalize() if self.kind is Answered.YES_NO else self.answer
        said = said or "—"
        return f"{said} — {self.details}" if self.details else said


def checked_form(category: str, questions: list[tuple[str, str]]) -> list[Question]:
    """A manager's form for `category`, cleaned: each question worded once, at most
    MAX_QUESTIONS."""
    clean_name(category, "kind of service", longest=MAX_SHORT_NAME)
    form: list[Question] = []
    for text, kind in questions:
        text = clean_name(text, "question", longest=MAX_QUESTION)
        try:
            answered = Answered(kind)
        except ValueError:
            raise InvalidInput(f"“{text}”: a question is answered yes or no, or in words."
                               ) from None
        if any(q.text.casefold() == text.casefold() for q in form):
            raise InvalidInput(f"The question “{text}” is on the form twice.")
        form.append(Question(text, answered))
    if len(form) > MAX_QUESTIONS:
        raise InvalidInput(f"A form has at most {MAX_QUESTIONS} questions.")
    return form


def answered(form: list[Question], replies: dict[str, tuple[str, str]]) -> list[Answer]:
    """The client's answers to `form`, from `replies` by question (answer, details): every
    yes-or-no question answered; a question not on the form refused."""
    unknown = set(replies) - {q.text for q in form}
    if unknown:
        raise InvalidInput(f"“{sorted(unknown)[0]}” is not a question of this form: the form "
                           "may have changed; open the consultation again.")
    answers = []
    for question in form:
        answer, details = replies.get(question.text, ("", ""))
        answer = clean_text(answer, "answer")
        details = clean_text(details, "details")
        if question.kind is Answered.YES_NO:
            answer = answer.strip().lower()
            if answer not in (YES, NO):
                raise InvalidInput(f"Please answer yes or no: “{question.text}”")
        if len(answer) > MAX_ANSWER or len(details) > MAX_ANSWER:
            raise InvalidInput(f"The answer to “{question.text}” is too long (at most "
                               f"{MAX_ANSWER} characters).")
        answers.append(Answer(question.text, question.kind, answer, details))
    return answers


def answers_text(answers: list[Answer]) -> str:
    """How a consultation keeps its answers (and what its seal covers)."""
    return json.dumps([[a.question, a.kind.value, a.answer, a.details] for a in answers],
                      ensure_ascii=False, separators=(",", ":"))


UNREADABLE = Answer("This consultation was changed outside Salon POS and cannot be read",
                    Answered.TEXT, "run “salon-pos verify”")


def answers_from(text: str) -> list[Answer]:
    try:
        return [Answer(str(question), Answered(kind), str(answer), str(details))
                for question, kind, answer, details in json.loads(text)]
    except (ValueError, TypeError):  # not the JSON Salon POS writes
        return [UNREADABLE]
