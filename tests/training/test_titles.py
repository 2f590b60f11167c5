"""The title sources used when the export has no Standard file, newest first, each field recording its source."""

import datetime
import gzip
import re
import zipfile

import pytest

from openbilan.referential.sources import SourceError
from openbilan.training import rncp, services, titles
from openbilan.training.errors import CertificationImportError
from openbilan.training.models import Certification, CertificationImport, Status

TABLE = """<?xml version="1.0" encoding="UTF-8"?>
<root><item><ci_niveau_europeen>6</ci_niveau_europeen><ci_intitule_type_diplome>Titre</ci_intitule_type_diplome>
<ci_code_rncp>4049</ci_code_rncp><rncp_intitule>Chef de projet (table de passage)</rncp_intitule>
<ideo_identifiant_formation>FOR.1</ideo_identifiant_formation></item>
<item><ci_niveau_europeen>non renseigné</ci_niveau_europeen><ci_intitule_type_diplome/>
<ci_code_rncp>38228</ci_code_rncp><rncp_intitule>Agent de sécurité incendie</rncp_intitule>
<ideo_identifiant_formation/></item></root>
"""
KIT = (
    '"Code Diplôme";"FicheRNCP";"Niveau fiche RNCP";"Abrégé de diplôme (RNCP)";"Date d\'échéance de la fiche RNCP";'
    '"Fiche ACTIVE/INACTIVE";"Intitulé certification (RNCP)"\r\n'
    '"1";"RNCP4049";"Niveau 5";"";"01/01/2030";"ACTIVE";"Chef de projet (Kit)"\r\n'
    '"2";"RNCP38228";"Niveau 3";"CAP";"31/12/2023";"ACTIVE";"CAP Agent de sécurité (Kit)"\r\n'
    '"3";"NR";"NR";"";"NR";"NR";""\r\n'
)
RNCP_INFO = (
    "CodeRNCP;intituleDiplome;date_fin_validite_enregistrement;ActiveInactive;EtatFiche;NiveauEurope;CodeTypeCertif;"
    "TypeCertif;AncienneFiche;NouvelleFiche;TypeEnregistrement\r\n"
    "RNCP4049;Chef de projet (2021);8/31/16;INACTIVE;Publiée;niveau6;;;;;\r\n"
    "RS5000;Exploiter la blockchain (2021);;ACTIVE;Publiée;;;;;;\r\n"
    "RNCP509;Métiers du feu;;INACTIVE;Publiée;niveau3;CAP;Certificat d'aptitude professionnelle;;;\r\n"
)
ONISEP = """<?xml version="1.0" encoding="UTF-8"?><formations>
<formation><identifiant>FOR.1</identifiant><duree_formation>1 an</duree_formation><url/></formation>
<formation><identifiant>FOR.2</identifiant><duree_formation>2 ans</duree_formation>
<url>https://www.francecompetences.fr/recherche/rncp/4049/</url></formation>
<formation><identifiant>FOR.3</identifiant><duree_formation>20 semaines</duree_formation>
<url>https://www.francecompetences.fr/recherche/rncp/509</url></formation></formations>
"""


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "table.xml.gz").write_bytes(gzip.compress(TABLE.encode()))
    (tmp_path / "kit.csv").write_text(KIT, encoding="utf-8")
    (tmp_path / "rncp_info.csv").write_bytes(RNCP_INFO.encode("cp1252"))
    with zipfile.ZipFile(tmp_path / "onisep.zip", "w") as archive:
        archive.writestr("Onisep_Ideo_Fiches_Formations.xml", ONISEP)
    return [tmp_path / name for name in ("table.xml.gz", "kit.csv", "rncp_info.csv", "onisep.zip")]


@pytest.fixture
def without_standard(sample_dir):
    next(sample_dir.glob("*Standard*")).unlink()
    return sample_dir


def test_each_source_is_recognised_by_its_content(sources):
    read = titles.read_sources([rncp.SourceFile(path.name, path) for path in sources])
    assert [source.key for source in read.titles] == ["table_de_passage", "kit_apprentissage", "rncp_info"]
    kit = read.titles[1].facts
    assert kit["RNCP4049"].valid_until == datetime.date(2030, 1, 1) and kit["RNCP4049"].active is True
    assert "NR" not in kit
    assert read.titles[2].facts["RNCP509"].title == "Métiers du feu"  # cp1252 read back
    assert read.onisep["FOR.2"] == titles.OnisepFormation(24, "RNCP4049")


def test_without_the_standard_file_the_newest_source_gives_each_field(db, without_standard, sources):
    report = services.import_certifications(path=without_standard, title_files=sources)
    rows = {c.code: c for c in Certification.objects.all()}
    chef = rows["RNCP4049"]
    assert (chef.title, chef.title_source) == ("Chef de projet (table de passage)", "table_de_passage")
    assert (chef.level, chef.level_source) == (6, "table_de_passage")
    # The table de passage has no active flag: the Kit (2024) gives it before the 2021 table.
    assert (chef.is_active, chef.active_source, chef.valid_until) == (
        True,
        "kit_apprentissage",
        datetime.date(2030, 1, 1),
    )
    assert chef.status == Status.REPLACED  # the export's replacements win over any flag
    agent = rows["RNCP38228"]
    assert (agent.title_source, agent.level, agent.level_source) == ("table_de_passage", 3, "kit_apprentissage")
    # ACTIVE in the Kit of 2024, but its registration ended before the export's date.
    assert agent.status == Status.EXPIRED
    blockchain = rows["RS5000"]
    assert (blockchain.title_source, blockchain.status) == ("rncp_info", Status.CURRENT)
    assert rows["RNCP509"].status == Status.REPLACED
    assert rows["RS6117"].title == "" and rows["RS6117"].title_source == ""
    assert CertificationImport.objects.get().title_sources == [
        ["table_de_passage", "table.xml.gz"],
        ["kit_apprentissage", "kit.csv"],
        ["rncp_info", "rncp_info.csv"],
    ]
    assert report.coverage["title_source"] == {"table_de_passage": 2, "rncp_info": 2, "none": 6}


def test_usual_durations_come_from_onisep(db, without_standard, sources):
    services.import_certifications(path=without_standard, title_files=sources)
    months = dict(Certification.objects.values_list("code", "typical_months"))
    assert months["RNCP4049"] == 12  # FOR.1 (1 year) by the table de passage, FOR.2 (2 years) by its page: shortest
    assert months["RNCP509"] == 5  # 20 weeks
    assert months["RS5000"] is None


def test_the_order_of_the_sources_decides(db, without_standard, sources):
    services.import_certifications(path=without_standard, title_files=[sources[2], sources[1], sources[0]])
    chef = Certification.objects.get(code="RNCP4049")
    assert (chef.title, chef.title_source, chef.active_source) == ("Chef de projet (2021)", "rncp_info", "rncp_info")


def test_without_standard_file_nor_title_source_the_import_is_refused(db, without_standard):
    with pytest.raises(CertificationImportError, match="pas de fichier Standard"):
        services.import_certifications(path=without_standard)


def test_an_unknown_file_is_refused_as_a_title_source(db, sample_dir, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CertificationImportError, match=re.escape("other.csv, ligne 1 : source de titres non reconnue")):
        services.import_certifications(path=sample_dir, title_files=[other])


def test_a_bad_level_in_a_title_source_names_its_line(db, without_standard, sources):
    sources[1].write_text(KIT.replace('"Niveau 3"', '"Niveau 12"'), encoding="utf-8")
    with pytest.raises(CertificationImportError, match=re.escape("kit.csv, ligne 3 : colonne « Niveau fiche RNCP »")):
        services.import_certifications(path=without_standard, title_files=sources)


def test_two_sources_of_the_same_kind_are_refused(tmp_path, sources):
    with pytest.raises(SourceError, match="deux sources du même type"):
        titles.read_sources([rncp.SourceFile(p.name, p) for p in (sources[1], sources[1])])


@pytest.mark.parametrize(
    ("text", "months"), [("2 ans", 24), ("1 an", 12), ("6 mois", 6), ("20 semaines", 5), ("variable", None)]
)
def test_durations_are_read_in_months(text, months):
    assert titles.months(text) == months
