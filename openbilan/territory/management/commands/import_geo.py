from openbilan.territory import services
from openbilan.territory.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the geography files from DIR (official layouts, recognised by their header, searched recursively): "
        "La Poste's postcodes, the communes' coordinates, commune -> BMO bassin, INSEE's zones d'emploi 2020. "
        "All or nothing; skipped when the same files were imported last time."
    )
    importer = staticmethod(services.import_geo)
