"""Estimate an occupation's entry level from ROME's free "accès au métier" text. Pure Python, no Django import.

ROME 4.0 has no structured education field: the diplomas are only named in the access text ("Cet emploi est
accessible avec un diplôme de niveau CAP à Bac..."). This module reads that text and returns the lowest level it
names in the first sentence that states a requirement, on the 2019 French nomenclature (3 CAP/BEP, 4 bac,
5 bac+2, 6 bac+3/4, 7 bac+5, 8 doctorate; 0 means "accessible without a diploma"), with the sentence it came from,
so that every suggestion can show its source.

Rules, in order (docs/RECOMMENDATIONS.md lists them with examples):
1. The text is cut into sentences (ROME's own lines, then ". " before a capital letter).
2. The first sentence that says the job needs no diploma ("sans diplôme", "sans qualification", "à tous les
   niveaux"...) before any sentence naming a requirement gives level 0.
3. A sentence that only describes an option ("peut faciliter l'accès", "est un atout", "pour les postes
   d'encadrement", "évoluer vers") is skipped: it is not the entry requirement. Otherwise the first sentence naming
   a diploma or a level gives the lowest level named (CAP, BEP, bac pro, BP, BTS, DUT, BUT, licence, master,
   doctorate, "Bac+2", "niveau 5", "CEC 4", old "niveau IV"...).
4. A "Diplôme d'État" takes the usual level of that diploma (table below; looked up in the sentence, then in the
   occupation's title); an unknown one is taken at level 5.
5. `mandatory` is True when a specific diploma is required to practise (the lowest diploma named is a Diplôme d'État
   or a doctorate in medicine or pharmacy, or the sentence says "obligatoire"), unless the text says that no
   certification is compulsory: the person then needs that diploma even with a higher general level.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NO_DIPLOMA = 0
UNKNOWN_DE_LEVEL = 5


@dataclass(frozen=True)
class EntryLevel:
    level: int | None  # None: the text names no level; 0: accessible without a diploma; 3..8: 2019 nomenclature
    sentence: str = ""  # the sentence the level came from, as ROME writes it
    diploma: str = ""  # what was recognised ("BTS", "Diplôme d'État d'infirmier", "sans diplôme"...)
    mandatory: bool = False  # a specific diploma is required to practise
    key: str = ""  # which specific diploma ("de:infirmier"), so that holding it from a past job can be recognised

    @property
    def known(self) -> bool:
        return self.level is not None


def fold(text: str) -> str:
    """Lower case without accents, typographic apostrophes straightened: the form every pattern is written for."""
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _unaccent(text: str) -> str:
    text = text.replace("’", "'").replace("\u00a0", " ")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ])")


def sentences(text: str) -> list[str]:
    """ROME's lines, each cut at ". " followed by a capital letter; empty pieces dropped."""
    pieces: list[str] = []
    for line in (text or "").splitlines():
        pieces.extend(part.strip() for part in _SENTENCE_END.split(line.strip()))
    return [piece for piece in pieces if piece]


# --- what a sentence says ------------------------------------------------------------------------------------------

_OPTIONAL = re.compile(
    r"peu(?:t|vent) (?:en |egalement |aussi |cependant )?faciliter"
    r"|facilite(?:nt)? l'acces|(?:est|sont|etre|constitue(?:nt)?) (?:un |des )?atouts?|\bapprecie"
    r"|souhaitable|recommande|postes? d'encadrement|postes? a responsabilit|pour (?:evoluer|acceder a des)"
    r"|evoluer vers|peu(?:t|vent) (?:egalement |aussi )?etre (?:demande|exige|requis|utile|necessaire|envisage)"
    r"|\bvaloris|\bpeu(?:t|vent) completer|peut etre un plus|un plus\b"
)
_NO_DIPLOMA = re.compile(
    r"sans (?:diplome|qualification|certification|condition de diplome|niveau de diplome"
    r"|formation (?:initiale |obligatoire |specifique )?particuliere|formation (?:obligatoire|specifique))"
    r"|a tous les niveaux|tous niveaux de (?:formation|qualification)|aucun (?:diplome|niveau)"
    r"|aucune (?:qualification|formation (?:initiale )?(?:particuliere|specifique))|n'existe pas de formation"
    r"|n'est pas conditionnee? (?:a|par) (?:la detention|un diplome)"
    r"|sans exigence de diplome|ouvert a tous|quel que soit (?:le|son) niveau"
)
_NEGATED_OBLIGATION = re.compile(
    r"(?:non|pas|aucune? (?:\w+ ){0,3}n'est|n'est pas|n'est) obligatoire|pas (?:forcement |necessairement )?obligatoire"
)

# (pattern on the folded text, level, label shown). Case-sensitive acronyms are matched on the unaccented text.
_WORD_LEVELS: tuple[tuple[re.Pattern, int, str], ...] = (
    (re.compile(r"bac\s*\+\s*2\b"), 5, "Bac+2"),
    (re.compile(r"bac\s*\+\s*[34]\b"), 6, "Bac+3/4"),
    (re.compile(r"bac\s*\+\s*5\b"), 7, "Bac+5"),
    (re.compile(r"bac\s*\+\s*[678]\b"), 8, "Bac+8"),
    (re.compile(r"\bbac(?:calaureat)?s?\b(?!\s*\+)"), 4, "Bac"),
    (re.compile(r"\bbac ?pro(?:fessionnel)?\b"), 4, "Bac pro"),
    (re.compile(r"brevet professionnel"), 4, "Brevet professionnel"),
    (re.compile(r"brevet de technicien superieur"), 5, "BTS"),
    (re.compile(r"brevet de maitrise"), 5, "Brevet de maîtrise"),
    (re.compile(r"brevet d'etat"), 4, "Brevet d'État"),
    (re.compile(r"certificat d'aptitude professionnelle"), 3, "CAP"),
    (re.compile(r"brevet d'etudes professionnelles"), 3, "BEP"),
    (
        re.compile(
            r"licences?(?! (?:iv|4|de pilote|de vente|annuelle|-cpl|europeenne|d'exploit|de debit|d'agent"
            r"|d'entrepreneur|federale|de transport|de capitaine|de conduite|de tourisme))\b"
        ),
        6,
        "Licence",
    ),
    (re.compile(r"\bbachelor\b"), 6, "Bachelor"),
    (re.compile(r"\bmasters?\b|\bmastere\b"), 7, "Master"),
    (re.compile(r"(?:diplome|ecole|formation|titre)s? d'ingenieurs?"), 7, "Diplôme d'ingénieur"),
    (re.compile(r"ecoles? (?:superieure )?de commerce"), 7, "École de commerce"),
    (re.compile(r"\bdoctorats?\b|\bdocteur en\b|\bphd\b"), 8, "Doctorat"),
    (re.compile(r"\bniveau (?:de qualification )?([345678])\b"), -1, "Niveau %s"),
    (re.compile(r"\bcec ?([345678])\b"), -1, "Niveau %s"),
    (re.compile(r"\bniveau (v|iv|iii|ii|i)\b"), -2, "Niveau %s"),
)
_ACRONYM_LEVELS: tuple[tuple[re.Pattern, int, str], ...] = (
    (re.compile(r"\bCAPA?\b"), 3, "CAP"),
    (re.compile(r"\bBEPA?\b"), 3, "BEP"),
    (re.compile(r"\bCQP\b"), 3, "CQP"),
    (re.compile(r"\bBP\b"), 4, "Brevet professionnel"),
    (re.compile(r"\bBPJEPS\b"), 4, "BPJEPS"),
    (re.compile(r"\bBTSA?\b"), 5, "BTS"),
    (re.compile(r"\bDUT\b"), 5, "DUT"),
    (re.compile(r"\bDEUST\b"), 5, "DEUST"),
    (re.compile(r"\bBUT\b"), 6, "BUT"),
    (re.compile(r"\bDEJEPS\b"), 5, "DEJEPS"),
    (re.compile(r"\bDESJEPS\b"), 6, "DESJEPS"),
    (re.compile(r"\bCAFDES\b"), 7, "CAFDES"),
)
_OLD_LEVELS = {"v": 3, "iv": 4, "iii": 5, "ii": 6, "i": 7}
_CIVIL_SERVICE = re.compile(r"fonctionnaire|fonction publique")
_CATEGORY = re.compile(r"\bcategorie ([abc])\b")
_CATEGORY_LEVELS = {"a": 6, "b": 4, "c": 3}

# Usual level of each Diplôme d'État (France Compétences / RNCP), matched in the folded sentence or job title.
DIPLOMES_ETAT: tuple[tuple[str, int, str], ...] = (
    (
        r"docteur en (?:medecine|pharmacie|chirurgie dentaire)|de medecin\b|de pharmacien|de veterinaire"
        r"|docteur veterinaire|chirurgien|medecin|pharmacien|dentiste|veterinaire",
        8,
        "docteur",
    ),
    (
        r"infirmier anesthesiste|infirmier de bloc|pratique avancee|(?<!auxiliaire de )puericult(?:rice|ure|eur)",
        7,
        "infirmier spécialisé",
    ),
    (
        r"masseur.kinesitherapeute|kinesitherapeute|sage.femme|architecte|ingenierie sociale|\bdeis\b",
        7,
        "niveau master",
    ),
    (r"cadre de sante|directeur|psychologue", 7, "encadrement"),
    (
        r"infirmier|ergotherapeute|psychomotricien|manipulateur|pedicure|podo.orthesiste|orthoptiste"
        r"|audioprothesiste|educateur specialise|\bdees\b|educateur de jeunes enfants|\bdeeje\b"
        r"|assistant de service social|\bdeass\b|conseiller en economie sociale|mediateur familial"
        r"|technicien en analyses biomedicales|opticien|professeur de (?:musique|theatre)|formateur d'adultes"
        r"|comptabilite|desjeps|superieur de la jeunesse|conservation.restauration|greffier|notaire",
        6,
        "niveau licence",
    ),
    (r"professeur de danse|dejeps|de la jeunesse|educateur sportif|alpinisme|guide", 5, "niveau bac+2"),
    (
        r"aide.soignant|\bdeas\b|auxiliaire de puericulture|\bdeap\b|moniteur.educateur|\bdeme\b"
        r"|technicien de l'intervention sociale|\btisf\b|gardien de la paix|securite publique",
        4,
        "niveau bac",
    ),
    (
        r"accompagnant educatif et social|\bdeaes\b|auxiliaire de vie|\bdeavs\b|aide medico.psychologique|\bdeamp\b"
        r"|ambulancier",
        3,
        "niveau CAP",
    ),
)
_DIPLOMES_ETAT = tuple((re.compile(pattern), level, label) for pattern, level, label in DIPLOMES_ETAT)
_DE = re.compile(r"diplomes? d'etat|\bDE[A-Z]{2,5}\b")
_DE_ACRONYMS = re.compile(r"\b(DEAES|DEAVS|DEAMP|DEAS|DEAP|DEME|DEES|DEEJE|DEASS|DEIS|DEJEPS|DESJEPS|DEI)\b")


BARE, NAMED, STATE = "bare", "named", "state"  # a level alone ("Bac+2"), a named diploma ("BTS"), a Diplôme d'État
_MEDICAL_DOCTORATE = re.compile(r"(?:docteur|doctorat) en (?:medecine|pharmacie|chirurgie)")


def _key(text: str) -> str:
    return "de:" + re.sub(r"[^a-z]+", " ", text.replace("doctorat", "docteur")).strip()


def _levels_in(sentence: str, folded: str) -> list[tuple[int, str, str, str]]:
    """Every (level, label, kind, key) the sentence names."""
    found: list[tuple[int, str, str, str]] = []
    for pattern, level, label in _WORD_LEVELS:
        for match in pattern.finditer(folded):
            if level == -1:
                found.append((int(match.group(1)), label % match.group(1), BARE, ""))
            elif level == -2:
                found.append((_OLD_LEVELS[match.group(1)], label % match.group(1).upper(), BARE, ""))
            elif label == "Doctorat" and (medical := _MEDICAL_DOCTORATE.search(folded)):
                found.append((level, label, STATE, _key(medical.group(0))))
            else:
                found.append((level, label, BARE if label.startswith("Bac+") else NAMED, ""))
    if _CIVIL_SERVICE.search(folded):  # "fonctionnaire de catégorie A": the usual level of the competition
        for match in _CATEGORY.finditer(folded):
            level = _CATEGORY_LEVELS[match.group(1)]
            found.append((level, f"Fonction publique, catégorie {match.group(1).upper()}", BARE, ""))
    plain = _unaccent(sentence)
    for pattern, level, label in _ACRONYM_LEVELS:
        if pattern.search(plain):
            found.append((level, label, NAMED, ""))
    return found


def diplome_etat_level(text: str) -> tuple[int, str, str] | None:
    """The usual level, group label and key of the Diplôme d'État named in `text`, or None when none is recognised."""
    folded = fold(text)
    acronym = _DE_ACRONYMS.search(_unaccent(text))
    if acronym:
        folded = f"{folded} {acronym.group(1).lower()}"
    found: list[tuple[int, str, str]] = []
    for pattern, level, label in _DIPLOMES_ETAT:
        match = pattern.search(folded)
        if match:
            found.append((level, label, _key(match.group(0))))
            folded = pattern.sub(" ", folded)  # "infirmier anesthésiste" must not also count as "infirmier"
    return min(found, key=lambda item: item[0]) if found else None


def _is_mandatory(folded_text: str, folded_sentence: str, chosen: tuple, found: list) -> bool:
    """A specific diploma is required to practise: the lowest diploma named is a Diplôme d'État (or a doctorate in
    medicine or pharmacy) with no other named diploma at its level, or the sentence says "obligatoire" and names a
    single diploma - unless the text says that no certification is compulsory."""
    if _NEGATED_OBLIGATION.search(folded_text):
        return False
    level, _, kind, _ = chosen
    alternatives = [item for item in found if item[2] == NAMED and item[0] <= level]
    if kind == STATE:
        return not alternatives
    named = {item[1] for item in found if item[2] != BARE}
    obliged = "obligatoire" in folded_sentence or "conditionne par la detention" in folded_sentence
    return obliged and len(named) <= 1


def estimate(access_text: str, occupation_label: str = "") -> EntryLevel:
    """The entry level ROME's access text states, with the sentence it came from (see the module docstring)."""
    for sentence in sentences(access_text):
        folded = fold(sentence)
        if _NO_DIPLOMA.search(folded):
            return EntryLevel(NO_DIPLOMA, sentence, "sans diplôme", False)
        if _OPTIONAL.search(folded):
            continue
        found = _levels_in(sentence, folded)
        plain = _unaccent(sentence)
        if _DE.search(folded) or _DE_ACRONYMS.search(plain):
            de = diplome_etat_level(sentence) or diplome_etat_level(occupation_label)
            if de:
                found.append((de[0], f"Diplôme d'État ({de[1]})", STATE, de[2]))
            else:  # "un diplôme d'État de niveau Bac+3": the level named describes the diploma
                level = min((item[0] for item in found), default=UNKNOWN_DE_LEVEL)
                found.append((level, "Diplôme d'État", STATE, _key(fold(occupation_label)) if occupation_label else ""))
        if found:
            # the lowest level; at equal level a Diplôme d'État first, then a named diploma, then a bare level
            preference = {STATE: 0, NAMED: 1, BARE: 2}
            chosen = min(found, key=lambda item: (item[0], preference[item[2]]))
            mandatory = _is_mandatory(fold(access_text), folded, chosen, found)
            return EntryLevel(chosen[0], sentence, chosen[1], mandatory, chosen[3] if mandatory else "")
    return EntryLevel(None)
