"""Every number that shapes the suggestions, in one place. Pure Python, no Django import.

docs/RECOMMENDATIONS.md explains each choice. Change a weight here, run
`manage.py evaluate_recommendations openbilan/recommendations/personas/personas.json` and report the new hit@10.
"""

INTEREST_LETTERS = ("R", "I", "A", "S", "E", "C")
WORK_VALUE_KEYS = ("achievement", "independence", "recognition", "relationships", "support", "working_conditions")

# --- the combination -----------------------------------------------------------------------------------------------
# score = sum(weight * component) over the components the person has given evidence for. Each component lies in
# [-1, 1] (interests, values: correlations) or [0, 1] (skills, mobility, centres d'intérêt).
WEIGHTS = {
    "interests": 0.45,  # profile correlation, the best-documented predictor (DOMAIN.md section 7)
    "values": 0.15,  # correlation between the person's value ranking and the occupation's O*NET work values
    "skills": 0.15,  # share of the occupation's core skills the person already holds
    "mobility": 0.10,  # the ROME suggests this move from one of the person's past jobs
    "centres": 0.15,  # the occupation belongs to a centre d'intérêt the person picked
}

# Iachan's index on ROME's two letters stands in for the correlation where the six-score profile is missing. Letter
# codes carry less information than six scores: the index (0..1 of its maximum) is mapped to [-1, 1] and shrunk.
IACHAN_MATRIX = (  # rows: position of the letter in the person's code; columns: position in the occupation's code
    (22.0, 10.0, 4.0),
    (10.0, 5.0, 2.0),
    (4.0, 2.0, 1.0),
)
IACHAN_SHRINK = 0.7

# Centres d'intérêt: the occupation's principal centre counts fully, a secondary one partly.
CENTRE_PRINCIPAL = 1.0
CENTRE_SECONDARY = 0.6

# ROME mobility links are ordered (1 = the closest move). Bonus = 1 for the first links, decreasing after.
MOBILITY_FULL_UP_TO = 3
MOBILITY_DECAY = 0.08  # per position after MOBILITY_FULL_UP_TO
MOBILITY_FLOOR = 0.4

# A reason is shown when its component reaches these thresholds (weaker evidence is not claimed as a reason).
SHOW_INTEREST_FROM = 0.3
SHOW_VALUES_FROM = 0.3
SHOW_SKILLS_FROM = 0.01

# --- diversity -----------------------------------------------------------------------------------------------------
TOP = 10
MAX_PER_PARENT = 2  # at most two suggestions per ROME parent code in the top 10
MIN_DOMAINS = 3  # at least three grands domaines in the top 10 when eligible occupations allow it

# --- business creation ---------------------------------------------------------------------------------------------
# Occupations whose work contexts include one of these (ROME code_ogr) can be practised as one's own business.
SELF_EMPLOYED_CONTEXTS = frozenset({403106, 403102, 300809, 511685})  # indépendant, libéral, cabinet, artiste-auteur
# Employment statuses: an occupation that lists self-employment and none of these is practised only self-employed.
EMPLOYEE_CONTEXTS = frozenset({403103, 403104, 403100, 403101, 403096, 403097, 403098, 403099})
BUSINESS_WEIGHTS = {"base": 0.6, "enterprising": 0.25, "independence": 0.15}

# --- entry level and training ---------------------------------------------------------------------------------------
QUALIFICATION_LEVELS = {"infra3": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8}
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
