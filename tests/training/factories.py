"""Certifications and training offers for the tests: certifications as rows, offers through the real LHEO importer."""

import datetime
import itertools

import factory
from django.utils import timezone

from openbilan.training import lheo_writer, services
from openbilan.training.catalogue import rome_scope
from openbilan.training.models import (
    Bloc,
    Certification,
    CertificationImport,
    CertificationRomeCode,
    Certifier,
    Replacement,
    Status,
)

CAEN = lheo_writer.Where("14118", "Caen", "14000", 49.184982, -0.3698975)
ROUEN = lheo_writer.Where("76540", "Rouen", "76000", 49.441494, 1.0935717)
CHERBOURG = lheo_writer.Where("50129", "Cherbourg-en-Cotentin", "50100", 49.631756, -1.6209091)
NO_POINT = lheo_writer.Where("14047", "Bayeux", "14400")
_numbers = itertools.count(90001)


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification
        skip_postgeneration_save = True

    class Params:
        replaced = factory.Trait(status=Status.REPLACED)
        inactive = factory.Trait(status=Status.INACTIVE, is_active=False)

    number = factory.LazyFunction(lambda: next(_numbers))
    registry = "RNCP"
    code = factory.LazyAttribute(lambda o: f"{o.registry}{o.number}")
    title = factory.Sequence(lambda n: f"Certification de test {n}")
    title_source = "standard"
    level = 4
    level_source = "standard"
    status = Status.CURRENT
    is_active = True
    active_source = "standard"

    @factory.post_generation
    def rome(self, create, codes, **kwargs):
        for code in codes or ():
            CertificationRomeCode.objects.create(certification=self, code=code, scope=rome_scope(code))

    @factory.post_generation
    def certifiers(self, create, names, **kwargs):
        for index, name in enumerate(names or ()):
            Certifier.objects.create(certification=self, siret=f"{index + 1:014d}", name=name)

    @factory.post_generation
    def blocs(self, create, labels, **kwargs):
        for index, label in enumerate(labels or (), 1):
            Bloc.objects.create(certification=self, code=f"{self.code}BC{index:02d}", label=label)


def imported(export_date=datetime.date(2026, 2, 1)) -> CertificationImport:
    """The import record the pages read (certifications reach a platform only by an import)."""
    return CertificationImport.objects.create(checksum="test", export_date=export_date, source="tests", seconds=0)


def replace(old: Certification, new: Certification) -> None:
    Replacement.objects.create(old=old, new=new)
    if old.status == Status.CURRENT:
        old.status = Status.REPLACED
        old.save(update_fields=["status"])


def offer(code: str, *sessions: tuple, numero: str = "", funders=(("2", 10),), cpf: bool = False, **extra):
    """An offer preparing `code`; each session is (place, start offset in days, length in days)."""
    today = timezone.localdate()
    numero = numero or f"f-{code}-{next(_numbers)}"
    organisation = lheo_writer.OrganisationSpec(numero="org-1", name="Organisme de test", place=CAEN)
    return lheo_writer.OfferSpec(
        numero=numero,
        title=extra.pop("title", f"Formation {code}"),
        certification=code,
        organisation=organisation,
        sessions=tuple(
            lheo_writer.SessionSpec(
                numero=f"{numero}-{index}",
                start=today + datetime.timedelta(days=start),
                end=today + datetime.timedelta(days=start + length),
                place=place,
            )
            for index, (place, start, length) in enumerate(sessions, 1)
        ),
        funders=funders,
        cpf_code=code[-5:] if cpf else "",
        **extra,
    )


def load_offers(tmp_path, *offers, key="test-feed", is_demo=False):
    path = tmp_path / f"{key}.xml"
    path.write_bytes(lheo_writer.write_feed(list(offers)))
    return services.import_training_offers(path=path, key=key, label=f"Flux {key}", is_demo=is_demo)


def moniteur_educateur(tmp_path, *, domain_certifications: int = 1) -> dict:
    """K1207's certifications: the moniteur éducateur diploma replacing its former version, certifications of the
    whole domain K12, and the sessions of a demo feed in Caen and Rouen."""
    old = CertificationFactory(
        code="RNCP492", number=492, title="DE de moniteur éducateur (ancien)", level=4, rome=["K1207"]
    )
    new = CertificationFactory(
        code="RNCP39643",
        number=39643,
        title="DE - Moniteur éducateur",
        level=4,
        rome=["K1207"],
        certifiers=["Ministère des solidarités"],
        blocs=["Accompagner la personne", "Travailler en équipe"],
        vae=True,
        typical_months=24,
    )
    replace(old, new)
    imported()
    CertificationFactory(code="RNCP5005", number=5005, title="Intervention sociale", level=5, rome=["K12"])
    for number in range(domain_certifications - 1):
        CertificationFactory(title=f"Certification du domaine {number}", level=5, rome=["K12"])
    load_offers(
        tmp_path,
        offer("RNCP39643", (CAEN, 20, 600), (ROUEN, 40, 600), funders=(("2", 20),), programme="PRF (démo)"),
        key="demo",
        is_demo=True,
    )
    return {"old": old, "new": new}
