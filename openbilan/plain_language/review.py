"""Review one French text meant for a beneficiary: what makes it hard to read, and how to fix it. No Django import.

`review(text, kind)` returns the problems found (an empty tuple: the text passes). The kinds and their thresholds are
in `THRESHOLDS` and documented in docs/PLAIN_LANGUAGE.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbilan.plain_language.readability import measure, normalise, sentences, words


@dataclass(frozen=True)
class Thresholds:
    max_words_per_sentence: int  # no sentence longer than this (in words)
    max_sentences: int | None  # None: any number of sentences
    max_long_word_ratio: float  # share of words of 4 syllables or more (one such word is always allowed)
    min_score: float  # Kandel & Moles floor, checked on texts of at least `score_from_words` words
    score_from_words: int = 8


THRESHOLDS = {
    # one questionnaire item: one short sentence, answered dozens of times in a row
    "item": Thresholds(max_words_per_sentence=12, max_sentences=1, max_long_word_ratio=0.25, min_score=60),
    # a field label, a title, a choice, an answer label, a scale name: a few words
    "label": Thresholds(max_words_per_sentence=12, max_sentences=2, max_long_word_ratio=0.34, min_score=50),
    # a help text, an instruction, a purpose, an exercise prompt, a result text: short sentences
    "prompt": Thresholds(max_words_per_sentence=20, max_sentences=None, max_long_word_ratio=0.2, min_score=60),
}
KINDS = tuple(THRESHOLDS)

# Career-guidance jargon a job seeker may not know, with what to write instead. Matched whole-word, any case,
# singular or plural. Keep it small and specific: a common word that is merely long is the long-word rule's job.
JARGON = {
    "appétence": "le goût, l'envie",
    "employabilité": "vos chances de trouver un emploi",
    "compétences transversales": "ce que vous savez faire et qui sert dans beaucoup de métiers",
    "compétences transférables": "ce que vous savez faire et qui sert dans d'autres métiers",
    "savoir-être": "vos qualités, votre façon d'être avec les autres",
    "soft skills": "vos qualités humaines",
    "reconversion": "changer de métier",
    "insertion professionnelle": "trouver un emploi",
    "mobilité professionnelle": "changer de poste ou de métier",
    "prescripteur": "l'organisme qui vous a orienté (France Travail, Mission locale...)",
    "bénéficiaire": "vous",
    "référentiel": "la liste",
    "adéquation": "le lien, l'accord",
    "levier": "un moyen",
    "posture": "votre attitude",
    "montée en compétences": "apprendre",
    "valoriser": "mettre en avant",
    "mettre en œuvre": "faire",
    "opérationnel": "prêt à travailler",
    "freins périphériques": "les difficultés de la vie (logement, transport, garde d'enfants)",
    "problématique": "la difficulté, la question",
    "modalités": "la façon de faire",
    "dispositif": "le programme, l'aide",
    "appellation": "le nom du métier",
    "aptitudes": "ce que vous êtes capable de faire",
    "polyvalence": "savoir faire plusieurs choses",
    "proactif": "qui agit sans attendre",
    "PMSMP": "un stage court en entreprise",
}

# Acronyms everybody reading a French job ad knows. Any other must be explained: followed by "(...)", or written in
# parentheses after the words it stands for, as in "Centres d'intérêt (RIASEC)".
COMMON_ACRONYMS = {"CAP", "BEP", "BTS", "CDI", "CDD", "CV", "RSA", "SMIC", "OK", "PDF"}

# Past participles after "être" that are not passives: movement verbs (passé composé) and common adjectives.
NOT_PASSIVE = {
    "allé", "allée", "allés", "allées", "arrivé", "arrivée", "arrivés", "arrivées", "entré", "entrée", "entrés",
    "entrées", "resté", "restée", "restés", "restées", "tombé", "tombée", "passé", "passée", "retourné", "retournée",
    "monté", "montée", "rentré", "rentrée", "né", "née", "nés", "nées", "âgé", "âgée", "âgés", "âgées",
    "occupé", "occupée", "fatigué", "fatiguée", "calme", "motivé", "motivée", "désolé", "désolée", "prêt",
}  # fmt: skip
_BE = r"(?:est|sont|sera|seront|serez|serai|êtes|été|était|étaient|soit|soient|sommes|suis|être)"
_BETWEEN = r"(?:(?:pas|plus|jamais|bien|vous|nous|déjà|toujours|souvent|ne|n'|y|en)\s+)*"
# A reflexive pronoun right before "être" makes a pronominal verb in the past, not a passive: "Votre bilan s'est
# terminé", "je me suis arrêtée" say what happened, with the subject doing it.
_REFLEXIVE = re.compile(r"(?:(?<![\w'])[smt]'|\b(?:se|me|te)\s+)$", re.IGNORECASE)
_PASSIVE = re.compile(rf"\b{_BE}\s+{_BETWEEN}(\w+(?:é|ée|és|ées))\b", re.IGNORECASE)
_ACRONYM = re.compile(r"(?<![\w*])([A-ZÀ-Ý][A-ZÀ-Ý*]+[0-9]*)(?![\w*])")


@dataclass(frozen=True)
class Problem:
    code: str  # sentence_too_long, too_many_sentences, long_words, readability, jargon, acronym, passive, empty
    message: str  # what is wrong and what to do, in English, for the person editing the text
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" + (f" ({self.detail})" if self.detail else "")


def _jargon_pattern(term: str) -> re.Pattern:
    parts = [re.escape(part) + r"[sx]?" for part in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w-])", re.IGNORECASE)


_JARGON_PATTERNS = {term: _jargon_pattern(term) for term in JARGON}


def jargon_in(text: str) -> list[str]:
    """The jargon terms used in `text`, in the order of JARGON."""
    text = normalise(text)
    return [term for term, pattern in _JARGON_PATTERNS.items() if pattern.search(text)]


def unexplained_acronyms(text: str) -> list[str]:
    text = normalise(text)
    found = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        if acronym in COMMON_ACRONYMS or len(acronym.replace("*", "")) < 2:
            continue
        after = text[match.end() :].lstrip()
        if after.startswith("("):
            continue  # "ROME (répertoire des métiers)"
        before = text[: match.start()]
        if before.rfind("(") > before.rfind(")") and words(before[: before.rfind("(")]):
            continue  # "Centres d'intérêt (RIASEC)": the words before the parenthesis say what it is
        found.append(acronym)
    return found


def passives(text: str) -> list[str]:
    text = normalise(text)
    return [
        m.group(0)
        for m in _PASSIVE.finditer(text)
        if m.group(1).lower() not in NOT_PASSIVE and not _REFLEXIVE.search(text[: m.start()])
    ]


def review(text: str, kind: str) -> tuple[Problem, ...]:
    """The problems that make `text` hard to read for a beneficiary, for a text of this `kind` (see THRESHOLDS)."""
    if kind not in THRESHOLDS:
        raise ValueError(f"unknown kind {kind!r}: one of {KINDS}")
    limits = THRESHOLDS[kind]
    if not words(text):
        return (Problem("empty", "The text has no words."),)
    problems = []
    measures = measure(text)
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > limits.max_words_per_sentence:
            problems.append(
                Problem(
                    "sentence_too_long",
                    f"A sentence has {count} words (at most {limits.max_words_per_sentence}): cut it in two, "
                    "one idea per sentence.",
                    sentence,
                )
            )
    if limits.max_sentences is not None and measures.sentences > limits.max_sentences:
        problems.append(
            Problem(
                "too_many_sentences",
                f"{measures.sentences} sentences (at most {limits.max_sentences} for a {kind}).",
            )
        )
    allowed_long_words = max(1, int(limits.max_long_word_ratio * measures.words))  # one is always fine: "Autonomie"
    if len(measures.long_words) > allowed_long_words:
        problems.append(
            Problem(
                "long_words",
                f"{len(measures.long_words)} of {measures.words} words have 4 syllables or more "
                f"(at most {allowed_long_words}): use shorter, common words.",
                ", ".join(measures.long_words),
            )
        )
    if measures.words >= limits.score_from_words and measures.score < limits.min_score:
        problems.append(
            Problem(
                "readability",
                f"Kandel & Moles score {measures.score:.0f} (at least {limits.min_score:.0f}): shorter sentences, "
                "shorter words.",
            )
        )
    for term in jargon_in(text):
        problems.append(Problem("jargon", f"{term!r} is jargon: write {JARGON[term]!r} or explain it.", term))
    for acronym in unexplained_acronyms(text):
        problems.append(Problem("acronym", f"{acronym!r} is not explained: say what it means.", acronym))
    for phrase in passives(text):
        problems.append(Problem("passive", "Passive voice: say who does what (active voice).", phrase))
    return tuple(problems)
