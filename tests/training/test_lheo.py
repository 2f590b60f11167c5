"""`import_training_offers`: LHEO 2.2 and 2.3 validated against the schema, read, and written per feed."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from openbilan.referential.sources import SourceError
from openbilan.training import lheo, services
from openbilan.training.errors import OfferImportError
from openbilan.training.models import (
    Action,
    Formation,
    FormationCertification,
    OfferFeed,
    Session,
    TrainingOrganisation,
)
from tests.referential.helpers import replace_in
from tests.training.conftest import LHEO_22
from tests.training.factories import CAEN, ROUEN, load_offers, offer

EXAMPLE_23 = settings.BASE_DIR / "data" / "training" / "lheo" / "exemple-bts-onisep-lheo-2.3.xml"


def counts():
    return [m.objects.count() for m in (OfferFeed, TrainingOrganisation, Formation, Action, Session)]


@pytest.mark.parametrize("path", [EXAMPLE_23, LHEO_22], ids=["2.3", "2.2"])
def test_the_lheo_example_validates_and_imports(db, path):
    report = services.import_training_offers(path=path, key="exemple", label="Exemple ONISEP")
    assert report.lheo_version == ("2.3" if path == EXAMPLE_23 else "2.2")
    assert report.counts == {"organisations": 1, "formations": 1, "actions": 1, "sessions": 1}
    formation = Formation.objects.get()
    assert formation.title == "BTS négociation et relation client"
    assert formation.objective.startswith("A la fois vendeur, manager et commercial")
    assert "<p>" not in formation.objective
    assert (formation.exit_level, formation.entry_level, formation.certifying) == (5, None, True)  # LHEO 6: level III
    assert formation.rome_codes == ["D1402", "D1403", "D1408"]
    assert formation.formacodes == ["34582", "34076"] and formation.nsf == ["312"]
    assert list(FormationCertification.objects.values_list("code", flat=True)) == ["RNCP474"]
    action = Action.objects.get()
    assert (action.rhythm, action.prerequisites, action.duration_text) == ("Temps plein", "", "2 ans")
    assert (action.city, action.postcode, action.insee_code) == ("QUIMPERLÉ", "29391", "29233")
    assert (action.latitude, action.longitude) == (47.882108, -3.5526545)
    session = Session.objects.get()
    assert (session.start, session.end, session.months) == (datetime.date(2015, 9, 1), datetime.date(2017, 8, 31), 24)
    assert (session.insee_code, session.latitude) == ("29233", 47.882108)
    organisation = TrainingOrganisation.objects.get()
    assert (organisation.siret, organisation.name, organisation.phone) == (
        "19290076900014",
        "Lycée Kerneuzec",
        "02 98 96 48 00",
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "element"),
    [
        ("<code-NSF>312</code-NSF>", "<code-NSF>31</code-NSF>", 8, "code-NSF"),
        ("<debut>20150901</debut>", "<debut>2015-09-01</debut>", 67, "debut"),
        ("<certifiante>1</certifiante>", "<certifiante>oui</certifiante>", 17, "certifiante"),
        ("<intitule-formation>BTS négociation et relation client</intitule-formation>", "", 14, "objectif-formation"),
    ],
)
def test_an_invalid_file_is_refused_with_its_line_and_element(db, lheo_copy, old, new, line, element):
    replace_in(lheo_copy, old, new)
    with pytest.raises(OfferImportError) as caught:
        services.import_training_offers(path=lheo_copy, key="exemple")
    message = str(caught.value)
    assert f"offres.xml, ligne {line} : élément « {element} » non conforme au schéma LHEO" in message
    assert caught.value.line == line
    assert counts() == [0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("<debut>20150901</debut>", "<debut>20150931</debut>", "ligne 67 : élément « debut » : « 20150931 » n'est pas"),
        ("<fin>20170831</fin>", "<fin>20140831</fin>", r"ligne 66 : élément « periode » : la fin \(2014-08-31\)"),
        ("<latitude>47.882108</latitude>", "<latitude>147.882108</latitude>", "ligne 52 : élément « latitude »"),
        ("<code-INSEE-commune>29233</code-INSEE-commune>", "<code-INSEE-commune>2923X</code-INSEE-commune>",
         "ligne 48 : élément « code-INSEE-commune »"),
        ("<code-RNCP>474</code-RNCP>", "<code-RNCP>RNCP-474</code-RNCP>", "ligne 25 : élément « code-RNCP »"),
    ],
)  # fmt: skip
def test_a_value_the_schema_lets_through_but_cannot_be_used_is_refused_with_its_line(db, lheo_copy, old, new, expected):
    replace_in(lheo_copy, old, new)
    with pytest.raises(OfferImportError, match=expected):
        services.import_training_offers(path=lheo_copy, key="exemple")
    assert counts() == [0, 0, 0, 0, 0]


def test_a_file_that_is_not_xml_names_its_line(db, lheo_copy):
    replace_in(lheo_copy, "</intitule-formation>", "</intitule>")
    with pytest.raises(OfferImportError, match=r"offres.xml, ligne 13 : XML invalide"):
        services.import_training_offers(path=lheo_copy, key="exemple")


def test_a_file_of_another_format_is_refused(db, tmp_path):
    path = tmp_path / "rss.xml"
    path.write_text('<?xml version="1.0"?><rss><channel/></rss>', encoding="utf-8")
    with pytest.raises(OfferImportError, match=re.escape("ce n'est pas un fichier LHEO 2.2 ou 2.3")):
        services.import_training_offers(path=path, key="x")


def test_an_external_entity_is_never_read(db, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    text = LHEO_22.read_text(encoding="utf-8").replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE lheo [<!ENTITY x SYSTEM "file://{secret}">]>',
    )
    path = tmp_path / "xxe.xml"
    path.write_text(text.replace("BTS négociation et relation client</intitule", "&x;</intitule"), encoding="utf-8")
    with pytest.raises(
        OfferImportError, match=re.escape("xxe.xml, ligne 1 : un fichier LHEO n'a pas de déclaration DOCTYPE")
    ):
        services.import_training_offers(path=path, key="xxe")
    assert counts() == [0, 0, 0, 0, 0]
    feed = lheo.Feed("2.3")
    with pytest.raises(SourceError):
        feed = lheo.parse_feed(path.read_bytes(), "xxe.xml")
    assert "SECRET" not in repr(feed)


def test_a_reimport_replaces_the_previous_state_of_that_feed_only(db, tmp_path):
    load_offers(tmp_path, offer("RNCP100", (CAEN, 30, 90), (ROUEN, 60, 90)), key="region")
    load_offers(tmp_path, offer("RNCP200", (CAEN, 30, 90)), key="other")
    load_offers(tmp_path, offer("RNCP300", (ROUEN, 10, 20)), key="region")
    assert set(FormationCertification.objects.values_list("formation__feed__key", "code")) == {
        ("other", "RNCP200"),
        ("region", "RNCP300"),
    }
    assert Session.objects.filter(feed__key="region").count() == 1
    assert OfferFeed.objects.count() == 2


def test_the_same_file_twice_is_skipped(db, tmp_path):
    first = load_offers(tmp_path, offer("RNCP100", (CAEN, 30, 90)), key="region")
    pks = list(Session.objects.values_list("pk", flat=True))
    second = services.import_training_offers(path=tmp_path / "region.xml", key="region", label="Flux region")
    assert (first.skipped, second.skipped) == (False, True)
    assert list(Session.objects.values_list("pk", flat=True)) == pks


def test_funders_cpf_and_regional_programmes_are_kept(db, tmp_path):
    load_offers(
        tmp_path,
        offer("RNCP100", (CAEN, 30, 90), funders=(("2", 12), ("4", None)), cpf=True, programme="PRF Normandie"),
    )
    action = Action.objects.get()
    assert action.funders == [["2", 12], ["4", None]]
    assert (action.programmes, action.conventionne) == (["PRF Normandie"], True)
    assert Formation.objects.get().cpf_eligible


def test_a_dry_run_validates_and_writes_nothing(db):
    report = services.import_training_offers(path=LHEO_22, key="exemple", dry_run=True)
    assert report.counts["sessions"] == 1 and not report.written
    assert counts() == [0, 0, 0, 0, 0]


def test_the_command_refuses_an_invalid_file_with_its_line(db, lheo_copy, capsys):
    call_command("import_training_offers", str(LHEO_22), "--feed", "exemple")
    expected = "Flux « exemple » (LHEO 2.2) — organismes : 1, formations : 1, actions : 1, sessions : 1."
    assert expected in capsys.readouterr().out
    replace_in(lheo_copy, "<niveau-entree-obligatoire>1", "<niveau-entree-obligatoire>7")
    with pytest.raises(CommandError, match="ligne 35 : élément « niveau-entree-obligatoire »"):
        call_command("import_training_offers", str(lheo_copy))
    with pytest.raises(CommandError, match="--feed"):
        call_command("import_training_offers", str(LHEO_22), "--feed", "Not A Slug")


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [("20250301", False, datetime.date(2025, 3, 1)), ("20250200", True, datetime.date(2025, 2, 28)),
     ("20250200", False, datetime.date(2025, 2, 1)), ("00000000", False, None), ("99999999", True, None),
     ("20250000", False, None)],
)  # fmt: skip
def test_lheo_dates(value, end, expected):
    assert lheo.lheo_date(value, end=end) == expected


def test_levels_read_as_the_2019_nomenclature():
    assert [lheo.LEVELS.get(code) for code in (0, 1, 4, 5, 6, 7, 8, 13, 15, 18)] == [
        None, None, 3, 4, 5, 6, 7, 3, 5, 8
    ]  # fmt: skip


def test_html_in_text_fields_becomes_plain_text():
    assert lheo.plain_text("<p>Un &amp; deux</p><ul><li>trois</li></ul>") == "Un & deux\ntrois"
    assert lheo.plain_text("-") == ""


def test_months_between_rounds_up():
    assert lheo.months_between(datetime.date(2025, 1, 1), datetime.date(2025, 1, 10)) == 1
    assert lheo.months_between(datetime.date(2025, 9, 1), datetime.date(2027, 8, 31)) == 24
    assert lheo.months_between(None, datetime.date(2025, 1, 1)) is None


def test_the_schema_error_names_the_element_without_namespaces(lheo_copy):
    replace_in(lheo_copy, "<code-NSF>312</code-NSF>", "<code-NSF>31</code-NSF>")
    with pytest.raises(SourceError) as caught:
        lheo.parse_feed(lheo_copy.read_bytes(), "offres.xml")
    assert "{http" not in str(caught.value)
