"""French readability measures: sentences, words, syllables, and the Kandel & Moles score. No Django import.

Conventions (see docs/PLAIN_LANGUAGE.md):
- A sentence ends at ". ! ? …" (and a closing « » or parenthesis right after it) followed by a space or the end of
  the text. A few abbreviations ("M.", "etc.", "ex.") do not end a sentence. A text without final punctuation (a
  label, a RIASEC activity) is one sentence. A colon does not end a sentence.
- A word is a run of letters or digits. An elided article or pronoun stays with its word ("l'ambiance", "j'ai" are one
  word each, as a word processor counts them); a hyphen separates words ("faites-vous" is two); the inclusive middle
  dot stays inside the word ("consultant·e" is one word, read "consultante").
- Syllables are the spoken syllables of standard French said carefully: vowel groups, with a silent final "e", "es"
  (and "ent" after "qu"/"gu" never, see `syllables`). Known limits, measured in the tests on a hand-checked list:
  third-person plural verbs in "-ent" count one syllable too many ("parlent"), and a few hiatus ("client", "lion")
  one too few.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

VOWELS = set("aeiouyàâäéèêëîïôöûùüÿœæ")
TREMA = set("ëïüÿ")  # a vowel with a trema starts a new syllable: naïf, Noël
ABBREVIATIONS = {"m", "mme", "mmes", "mlle", "etc", "ex", "cf", "p", "dr", "st", "no", "n°", "vol", "env", "min"}
LONG_WORD_SYLLABLES = 4  # a word of 4 syllables or more is a long word ("professionnelle", "personnalité")

_WORD = re.compile(r"[^\W_](?:[^\W_]|[·•.](?=[^\W_\d])|['’](?=[^\W_]))*")
_SENTENCE_END = re.compile(r"([.!?…]+)((?:\s*[»\")\]”])*)(\s+|$)")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Unicode NFC, non-breaking spaces as spaces, typographic apostrophes as straight ones."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, empty ones dropped."""
    text = normalise(text).strip()
    result, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(2)
        if match.group(1) == "." and _is_abbreviation(text[start : match.start(1)]):
            continue
        piece = text[start:end].strip()
        if words(piece):
            result.append(piece)
        elif result:
            result[-1] = f"{result[-1]} {piece}".strip()  # lone punctuation or closing quote: keep with the last one
        start = match.end()
    rest = text[start:].strip()
    if rest:
        if words(rest) or not result:
            result.append(rest)
        else:
            result[-1] = f"{result[-1]} {rest}"
    return [sentence for sentence in result if words(sentence)]


def _is_abbreviation(before: str) -> bool:
    last = before.rsplit(None, 1)[-1] if before.split() else ""
    return last.lower().strip('(«"') in ABBREVIATIONS


def words(text: str) -> list[str]:
    """The words of `text`, in order. Hyphens split words; apostrophes and the inclusive middle dot do not."""
    found = []
    for token in _WORD.findall(normalise(text)):
        token = token.strip(".·•")
        if token:
            found.append(token)
    return found


def syllables(word: str) -> int:
    """Spoken syllables of one French word (at least 1). Numbers count one syllable per digit (an estimate)."""
    word = normalise(word).lower()
    if _DIGITS.fullmatch(word):
        return len(word)
    word = word.replace("'", "").replace("·", "").replace("•", "")
    if not word:
        return 0
    word = _DIGITS.sub(lambda m: "a" * len(m.group()), word)  # "2x8": one syllable per digit
    # "qu" and "gu" before e/i/y: the u is not heard (quelque, guide)
    word = re.sub(r"qu", "k", word)
    word = re.sub(r"gu(?=[eiyéèêë])", "g", word)
    # an initial y before a vowel is a consonant (yaourt)
    word = re.sub(r"^y(?=[aeiouàâéèêîôû])", "j", word)
    count = 0
    previous_vowel = False
    for index, letter in enumerate(word):
        if letter not in VOWELS:
            previous_vowel = False
            continue
        if not previous_vowel or _starts_new_syllable(word, index):
            count += 1
        previous_vowel = True
    if count > 1 and _silent_final_e(word):
        count -= 1
    return max(count, 1)


def _starts_new_syllable(word: str, index: int) -> bool:
    """Inside a vowel group: does this vowel begin a new syllable (a hiatus)?"""
    letter, before = word[index], word[index - 1]
    if letter in TREMA:
        return True
    if before == "é" or before == "è":
        # créer, réussir, géographie; but "ée"/"ées" at the end is one sound (idée, journées)
        return not (letter == "e" and word[index + 1 :] in ("", "s"))
    if letter in "éè" and before in "aoâôu":
        return True  # aéroport, poésie, poète (not "ié": métier)
    if before == "i" and index >= 3 and word[index - 2] in "rl" and word[index - 3] not in VOWELS:
        return not (
            letter == "e" and word[index + 1 :] in ("", "s", "nt")
        )  # ouvrier, crier, client: consonant + r/l + i + vowel is said in two syllables
    if before == "y" and index >= 2 and word[index - 2] in VOWELS:
        return True  # voyage, payer, moyen: the y is shared by two syllables
    return letter == "o" and before == "a" and word[index + 1 : index + 2] != "u"  # chaos, cacao (not "aou")


def _silent_final_e(word: str) -> bool:
    """A final "e" or "es" after a consonant is not said (table, pommes); after a vowel it is part of the group."""
    if word.endswith("es") and len(word) > 2:
        stem = word[:-2]
    elif word.endswith("e"):
        stem = word[:-1]
    else:
        return False
    return bool(stem) and stem[-1] not in VOWELS


@dataclass(frozen=True)
class Measures:
    sentences: int
    words: int
    syllables: int
    long_words: tuple[str, ...]
    longest_sentence: int  # in words

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def long_word_ratio(self) -> float:
        return len(self.long_words) / self.words if self.words else 0.0

    @property
    def score(self) -> float:
        """Kandel & Moles (1958), Flesch adapted to French: 207 - 1.015 words/sentence - 73.6 syllables/word.
        About 60-70 is standard, 70-80 fairly easy, 80 and more easy. Unreliable on a text of a few words."""
        return kandel_moles(self.words, self.sentences, self.syllables)


def kandel_moles(word_count: int, sentence_count: int, syllable_count: int) -> float:
    if word_count == 0 or sentence_count == 0:
        return 0.0
    return 207 - 1.015 * (word_count / sentence_count) - 73.6 * (syllable_count / word_count)


def measure(text: str) -> Measures:
    """All the measures of one text."""
    parts = sentences(text)
    per_sentence = [words(sentence) for sentence in parts]
    all_words = [word for sentence_words in per_sentence for word in sentence_words]
    counts = [syllables(word) for word in all_words]
    return Measures(
        sentences=len(parts),
        words=len(all_words),
        syllables=sum(counts),
        long_words=tuple(w for w, n in zip(all_words, counts, strict=True) if n >= LONG_WORD_SYLLABLES),
        longest_sentence=max((len(sentence_words) for sentence_words in per_sentence), default=0),
    )
