from openbilan.territory import services
from openbilan.territory.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import hiring-demand files from DIR (recognised by their header, searched recursively): France Travail's BMO "
        "open-data workbook of any year coded in FAP 2021 (2024 on; .xlsx or the same table as CSV), DARES's ROME -> "
        "FAP 2021 crosswalk, the FAP 2021 labels. Each file is skipped when unchanged; the others are imported all "
        "or nothing. A BMO survey coded in FAP 2009 (2023 and before) is refused."
    )
    importer = staticmethod(services.import_labour_market)
