"""Every number that shapes the suggestions, in one place. Pure Python, no Django import.

docs/RECOMMENDATIONS.md explains each choice. Change a weight here, run
`manage.py evaluate_recommendations openbilan/recommendations/personas/personas.json` and report the new hit@10.
"""

from openbilan.referential import levels
from openbilan.referential.riasec import LETTERS

INTEREST_LETTERS = LETTERS  # R I A S E C, in the order of Holland's circle (referential/riasec.py)
WORK_VALUE_KEYS = ("achievement", "independence", "recognition", "relationships", "support", "working_conditions")

# --- the combination -----------------------------------------------------------------------------------------------
# score = sum(weight * component) over the components the person has given evidence for. Each component lies in
# [-1, 1] (interests, values: correlations) or [0, 1] (skills, mobility, centres d'intérêt).
WEIGHTS = {
    "interests": 0.45,  # profile correlation, the best-documented predictor (docs/DOMAIN_NOTES.md, section 6)
    "values": 0.15,  # correlation between the person's value ranking and the occupation's O*NET work values
    "skills": 0.15,  # share of the occupation's core skills the person already holds
    "mobility": 0.10,  # the ROME suggests this move from one of the person's past jobs
    "centres": 0.15,  # the occupation belongs to a centre d'intérêt the person picked
}

# --- the interest match: two sources ---------------------------------------------------------------------------------
# interests = a_i * r_i + (1 - a_i) * l_i, where r_i is the profile correlation with the occupation's O*NET-derived six
# scores, l_i the congruence with ROME's own two letters (the person's six scores correlated with the profile the
# letters imply: first letter LETTER_MAJOR, second LETTER_MINOR, the other four 0), and a_i = ONET_SHARE * trust_i the
# share given to the O*NET profile, shrunk by how much that profile can be trusted. docs/RECOMMENDATIONS.md section 2
# gives the measurements behind every number below (`evaluate_recommendations --synthetic --grid`).
ONET_SHARE = 0.5
LETTER_MAJOR = 1.0
LETTER_MINOR = 1.0
# Trust in an O*NET-derived profile: e / (e + PROFILE_EVIDENCE_HALF) for a direct profile built from e ESCO
# occupations; BORROWED_TRUST for a profile borrowed from the parent or sibling codes; 0 without a profile. Measured as
# the squared ratio of each group's agreement with ROME's letters to the best-documented group's.
PROFILE_EVIDENCE_HALF = 0.5
BORROWED_TRUST = 0.56
# A profile from a record that does not say how many ESCO occupations it rests on (hand-built data) is trusted fully.
DEFAULT_TRUST = 1.0
# Iachan's discrete index (three-letter code against two letters), kept as the comparison the measurements report:
# rows, the letter's position in the person's code; columns, its position in the occupation's code.
IACHAN_MATRIX = (
    (22.0, 10.0, 4.0),
    (10.0, 5.0, 2.0),
    (4.0, 2.0, 1.0),
)

# Centres d'intérêt: the occupation's principal centre counts fully, a secondary one partly.
CENTRE_PRINCIPAL = 1.0
CENTRE_SECONDARY = 0.6

# ROME mobility links are ordered (1 = the closest move). Bonus = 1 for the first links, decreasing after.
MOBILITY_FULL_UP_TO = 3
MOBILITY_DECAY = 0.08  # per position after MOBILITY_FULL_UP_TO
MOBILITY_FLOOR = 0.4

# A reason is shown when its component reaches these thresholds (weaker evidence is not claimed as a reason).
SHOW_INTEREST_FROM = 0.3
# The plain sentence for the interest match: the first band the fit reaches, strongest first (ranking.fit_level).
FIT_LEVELS = (0.75, 0.55, 0.3)
SHOW_VALUES_FROM = 0.3
SHOW_SKILLS_FROM = 0.01

# --- diversity -----------------------------------------------------------------------------------------------------
TOP = 10
MAX_PER_PARENT = 1  # one suggestion per ROME parent code: its close variants are grouped under it
MAX_VARIANTS = 3  # close variants listed under a suggestion
MIN_DOMAINS = 3  # at least three grands domaines in the top 10 when eligible occupations allow it
MAX_PER_DOMAIN = 5  # at most five suggestions of one grand domaine, unless the person narrows the list to it

# --- reactions ---------------------------------------------------------------------------------------------------
# "Ça me correspond" lifts, "Pas pour moi" lowers, the occupations similar to the one reacted to, at once.
# similarity(i, j) = SIMILARITY["interests"] * max(0, (z_i . z_j - INTEREST_SIMILAR_FROM) / (1 - INTEREST_SIMILAR_FROM))
#                  + SIMILARITY["skills"] * min(1, shared core skills / SKILLS_SIMILAR_AT)
#                  + SIMILARITY["mobility"] * (ROME lists a mobility between them, either way)
# (z: the occupation's combined interest profile, unit norm; the same parent code counts as fully similar).
SIMILARITY = {"interests": 0.4, "skills": 0.35, "mobility": 0.25}
INTEREST_SIMILAR_FROM = 0.8
SKILLS_SIMILAR_AT = 3
REACTION_LIFT = 0.12  # added to the score of an occupation fully similar to one the person likes
REACTION_DROP = 0.15  # taken from the score of an occupation fully similar to one that is "pas pour moi"
SHOW_REACTION_FROM = 0.02  # a reaction's effect is explained from this size on
NOT_FOR_ME_ITSELF = 3.0  # taken from the occupation the person said "pas pour moi" to: it goes to the end of the list

# --- further bounded factors (e.g. local hiring demand) ----------------------------------------------------------
# A factor adds cap * value (value in [-1, 1]) to the score; its cap is at most MAX_FACTOR_CAP, so it reorders only
# occupations whose fits differ by less than 2 * cap and never lifts a weak fit above a strong one.
MAX_FACTOR_CAP = 0.03
# Local hiring demand (recommendations/demand.py): the level of the occupation's strongest BMO family on its bassin's
# 1-5 scale, as (level - 3) / 2, times DEMAND_CAP: from -0.015 (level 1) to +0.015 (level 5), 0 in the middle fifth.
# Measured on the shipped personas (34, 20 hits at 10 without the factor) with the levels of ten bassins drawn at
# random: the cap 0.03 gave 18 to 24 hits, 0.02 gave 19 to 22, 0.015 gave 20 to 22 (never fewer than without it).
DEMAND_CAP = 0.015

# --- business creation ---------------------------------------------------------------------------------------------
# Occupations whose work contexts include one of these (ROME code_ogr) can be practised as one's own business.
SELF_EMPLOYED_CONTEXTS = frozenset({403106, 403102, 300809, 511685})  # indépendant, libéral, cabinet, artiste-auteur
# Employment statuses: an occupation that lists self-employment and none of these is practised only self-employed.
EMPLOYEE_CONTEXTS = frozenset({403103, 403104, 403100, 403101, 403096, 403097, 403098, 403099})
BUSINESS_WEIGHTS = {"base": 0.6, "enterprising": 0.25, "independence": 0.15}

# --- entry level and training ---------------------------------------------------------------------------------------
QUALIFICATION_LEVELS = levels.NUMBERS  # code -> level number (referential/levels.py)
# Usual length (months) of the training that raises an ADULT from one level to the next, in continuing education:
# a titre professionnel or CAP for adults at level 3 (about 9 months), a titre professionnel at level 4 or 5 (about
# a year), a licence professionnelle (a year), a master (two years), a doctorate (three). Initial-education lengths
# (bac pro or BTS in two years) overstate what a person retraining needs; see docs/RECOMMENDATIONS.md.
MONTHS_TO_REACH = {3: 9, 4: 12, 5: 12, 6: 12, 7: 24, 8: 36}
# Usual length of a specific diploma required to practise (Diplôme d'État...), by its level, when the person's
# general level is already high enough: the diploma itself is still needed.
MANDATORY_DIPLOMA_MONTHS = {3: 12, 4: 12, 5: 24, 6: 36, 7: 60, 8: 108}
# Those diplomas from level 6 up (nurse, social worker, physiotherapist, medicine) admit people with the bac: a person
# below it first needs to reach it. Below level 6 (aide-soignant, DEAES, ambulancier) there is no prerequisite level.
MANDATORY_PREREQUISITE_FROM = 6
MANDATORY_PREREQUISITE_LEVEL = 4
MAX_TRAINING_MONTHS = {"none": 0, "6m": 6, "1y": 12, "2y": 24, "any": None}  # None: no limit
SELF_EMPLOYMENT_CHOICES = ("yes", "no", "maybe")
