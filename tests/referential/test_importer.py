import io
import re

import pytest
from django.core.management import CommandError, call_command

from openbilan.referential import reference, services
from openbilan.referential.models import (
    Appellation,
    CentreInteret,
    Mobility,
    Occupation,
    OccupationCentreInteret,
    OccupationSkill,
    OccupationWorkContext,
    ReferentialImport,
    SearchTitle,
    Skill,
)
from tests.referential.helpers import drop_lines, gzip_file, replace_in, rome_file

MODELS = (Occupation, Appellation, SearchTitle, CentreInteret, OccupationCentreInteret, OccupationSkill, Mobility)


def snapshot():
    """Every row's key and content, to prove a database is unchanged."""
    return {
        model.__name__: sorted(tuple(sorted(row.items())) for row in model.objects.values()) for model in MODELS
    } | {"imports": ReferentialImport.objects.count()}


def test_import_loads_the_subset(mini_imported):
    assert Occupation.objects.count() == 17
    assert Appellation.objects.count() == 202
    assert CentreInteret.objects.count() == 30
    assert Mobility.objects.count() == 14
    assert mini_imported.counts["occupations"] == 17
    assert mini_imported.rome_version == "460"


def test_import_reports_profile_coverage(mini_imported):
    assert mini_imported.interest_coverage == {
        "direct": 13, "parent": 1, "siblings": 1, "none": 2, "total": 17, "profiled": 15
    }  # fmt: skip


def test_occupation_fields_come_from_every_file(mini_imported):
    occupation = Occupation.objects.get(code_rome="J1501")
    assert occupation.label == "Aide-soignant / Aide-soignante"
    assert occupation.domaine.code == "J15"
    assert occupation.domaine.grand_domaine.code == "J"
    assert (occupation.riasec_majeur, occupation.riasec_mineur) == ("S", "I")
    assert occupation.regulated is True
    assert occupation.interest_source == "direct"
    assert len(occupation.interests) == 6
    assert len(occupation.work_values) == 6


def test_doubled_apostrophes_of_the_export_are_repaired(mini_imported):
    definition = Occupation.objects.get(code_rome="J1501").definition
    assert definition.startswith("L'aide-soignant apporte")
    assert "''" not in "".join(Occupation.objects.values_list("definition", flat=True))
    assert "''" not in "".join(Occupation.objects.values_list("access", flat=True))


def test_each_occupation_has_one_principal_centre(mini_imported):
    for occupation in Occupation.objects.all():
        assert occupation.centre_links.filter(is_principal=True).count() == 1


def test_core_skills_carry_their_level(mini_imported):
    levels = set(OccupationSkill.objects.values_list("core", flat=True))
    assert levels <= {"", "main", "emerging"}
    assert OccupationSkill.objects.filter(occupation__code_rome="J1501", core="main").exists()


def test_work_contexts_keep_their_type(mini_imported):
    types = set(OccupationWorkContext.objects.values_list("context__type_label", flat=True))
    assert "Horaires et durée du travail" in types


def test_military_code_keeps_rome_letters_only(mini_imported):
    occupation = Occupation.objects.get(code_rome="K1712")
    assert occupation.interests is None
    assert occupation.interest_source == "none"
    assert occupation.riasec_majeur


def test_parent_and_sibling_fallbacks_are_recorded(mini_imported):
    assert Occupation.objects.get(code_rome="A1509").interest_basis == {"from": ["A1408"]}
    sibling = Occupation.objects.get(code_rome="K1203")
    assert (sibling.interest_source, sibling.interest_basis) == ("siblings", {"from": ["K1224"]})


def test_every_appellation_is_a_search_title(mini_imported):
    assert SearchTitle.objects.count() == Appellation.objects.count()
    title = SearchTitle.objects.get(
        appellation__code_ogr=Appellation.objects.get(label__startswith="Soigneur animalier").code_ogr
    )
    assert title.search_text == "soigneur animalier soigneuse animaliere"
    assert title.forms == "|soigneur animalier|soigneuse animaliere|"


def test_second_import_changes_no_count_and_no_key(mini_imported, mini_dir):
    keys = {
        "occupations": sorted(Occupation.objects.values_list("pk", "code_rome")),
        "appellations": sorted(Appellation.objects.values_list("pk", "code_ogr")),
        "skills": sorted(Skill.objects.values_list("pk", "code_ogr")),
    }
    counts = mini_imported.counts
    again = services.import_referential(directory=mini_dir)
    assert not again.changed
    assert again.counts == counts
    assert keys == {
        "occupations": sorted(Occupation.objects.values_list("pk", "code_rome")),
        "appellations": sorted(Appellation.objects.values_list("pk", "code_ogr")),
        "skills": sorted(Skill.objects.values_list("pk", "code_ogr")),
    }


def test_changed_release_updates_rows_in_place(mini_imported, mini_copy):
    before = Occupation.objects.get(code_rome="J1501").pk
    replace_in(rome_file(mini_copy, "referentiel_code_rome"), "Aide-soignant / Aide-soignante", "Aide-soignant(e)")
    report = services.import_referential(directory=mini_copy)
    occupation = Occupation.objects.get(code_rome="J1501")
    assert (occupation.pk, occupation.label) == (before, "Aide-soignant(e)")
    assert report.changes["occupations"].updated == 1
    assert report.changes["occupations"].created == 0


def test_occupation_leaving_the_rome_is_kept_inactive(mini_imported, mini_copy):
    pk = Occupation.objects.get(code_rome="M1607").pk
    for table in ("referentiel_code_rome", "cr_gd_dp", "referentiel_code_rome_riasec", "referentiel_appellation",
                  "arborescence_centre_interet", "liens_rome_referentiels", "coherence_item", "texte",
                  "arborescence_secteur_activite", "rubrique_mobilite"):  # fmt: skip
        drop_lines(rome_file(mini_copy, table), lambda line: '"M1607"' in line)
    services.import_referential(directory=mini_copy)
    retired = Occupation.objects.get(code_rome="M1607")
    assert (retired.pk, retired.is_active) == (pk, False)
    assert not retired.appellations.filter(is_active=True).exists()
    assert not SearchTitle.objects.filter(occupation=retired).exists()


def test_truncated_file_stops_the_import_and_leaves_the_database_unchanged(mini_imported, mini_copy):
    replace_in(rome_file(mini_copy, "referentiel_code_rome"), "Aide-soignant / Aide-soignante", "Changed")
    path = rome_file(mini_copy, "liens_rome_referentiels")
    content = path.read_text(encoding="utf-8")
    path.write_text(content[: len(content) // 2 - 3], encoding="utf-8")
    before = snapshot()
    with pytest.raises(services.ReferentialImportError) as error:
        services.import_referential(directory=mini_copy)
    assert "rome/unix_liens_rome_referentiels_v460_utf8.csv, ligne " in str(error.value)
    assert snapshot() == before


def test_truncated_gzip_on_an_empty_database_writes_nothing(db, mini_copy):
    path = gzip_file(rome_file(mini_copy, "coherence_item"))
    path.write_bytes(path.read_bytes()[:-100])
    expected = "rome/unix_coherence_item_v460_utf8.csv.gz : le fichier compressé est tronqué"
    with pytest.raises(services.ReferentialImportError, match=re.escape(expected)):
        services.import_referential(directory=mini_copy)
    assert Occupation.objects.count() == 0
    assert ReferentialImport.objects.count() == 0


def test_reference_to_an_unknown_code_names_the_file_and_line(db, mini_copy):
    path = rome_file(mini_copy, "rubrique_mobilite")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, '"J1501","N9999","9"\n')
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(services.ReferentialImportError) as error:
        services.import_referential(directory=mini_copy)
    assert str(error.value) == "rome/unix_rubrique_mobilite_v460_utf8.csv, ligne 4 : code ROME inconnu « N9999 »"
    assert Occupation.objects.count() == 0


def test_error_after_validation_rolls_everything_back(mini_imported, mini_dir, monkeypatch):
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReferentialImport.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.import_referential(directory=mini_dir)
    assert snapshot() == before


def test_dry_run_checks_without_writing(db, mini_dir):
    report = services.import_referential(directory=mini_dir, dry_run=True)
    assert report.counts["occupations"] == 17
    assert not report.written
    assert Occupation.objects.count() == 0


def test_is_imported_compares_the_files_checksum(mini_imported, mini_dir, mini_copy):
    assert services.is_imported(directory=mini_dir)
    replace_in(rome_file(mini_copy, "texte"), "Réalise", "Fait")
    assert not services.is_imported(directory=mini_copy)


def test_reference_load_imports_once_then_skips(db, mini_dir, monkeypatch):
    monkeypatch.setattr(reference, "DATA_DIR", mini_dir)
    first, second = io.StringIO(), io.StringIO()
    reference.load(stdout=first)
    reference.load(stdout=second)
    assert "Métiers : 17" in first.getvalue()
    assert "déjà à jour" in second.getvalue()
    assert ReferentialImport.objects.count() == 1


def test_command_prints_counts_and_coverage(db, mini_dir):
    out = io.StringIO()
    call_command("import_referential", str(mini_dir), stdout=out)
    text = out.getvalue()
    assert "Métiers : 17 ; appellations : 202 ; centres d'intérêt : 30 ; mobilités : 14." in text
    assert "Profil d'intérêts O*NET, codes couverts : 15 sur 17 (88.2 %)" in text


def test_command_fails_with_the_reason(db, mini_copy):
    rome_file(mini_copy, "texte").unlink()
    with pytest.raises(CommandError, match="texte"):
        call_command("import_referential", str(mini_copy), stdout=io.StringIO())
