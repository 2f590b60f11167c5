import gzip

import pytest

from openbilan.referential import sources
from openbilan.referential.sources import SourceError
from tests.referential.helpers import gzip_file, replace_in, rome_file


def test_locate_finds_every_file_and_the_rome_version(mini_dir):
    located = sources.locate(mini_dir)
    assert set(located.files) == set(sources.ALL_KEYS)
    assert located.rome_version == "460"


def test_locate_recognises_esco_mappings_by_their_metadata_not_their_name(mini_copy):
    mapping = next((mini_copy / "esco").glob("esco_rome_*"))
    mapping.rename(mapping.with_name("FR_mapping.csv"))
    assert sources.locate(mini_copy).name("esco_rome") == "esco/FR_mapping.csv"


def test_locate_accepts_official_onet_names_with_spaces(mini_copy):
    (mini_copy / "onet" / "Work_Values.txt").rename(mini_copy / "onet" / "Work Values.txt")
    assert sources.locate(mini_copy).name("onet_work_values") == "onet/Work Values.txt"


def test_missing_file_is_named(mini_copy):
    rome_file(mini_copy, "rubrique_mobilite").unlink()
    with pytest.raises(SourceError, match="rubrique_mobilite"):
        sources.locate(mini_copy)


def test_two_rome_versions_are_refused(mini_copy):
    path = rome_file(mini_copy, "texte")
    path.rename(path.with_name("unix_texte_v461_utf8.csv"))
    with pytest.raises(SourceError, match="plusieurs versions"):
        sources.locate(mini_copy)


def test_the_same_file_twice_is_refused(mini_copy):
    path = rome_file(mini_copy, "texte")
    (mini_copy / "other").mkdir()
    (mini_copy / "other" / path.name).write_bytes(path.read_bytes())
    with pytest.raises(SourceError, match="plusieurs fichiers"):
        sources.locate(mini_copy)


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="n'existe pas"):
        sources.locate(tmp_path / "nowhere")


def _read(folder, key):
    located = sources.locate(folder)
    return sources.read(sources.SPECS[key], located.name(key), located.files[key])


def test_gzipped_files_read_like_plain_ones(mini_copy):
    plain = _read(mini_copy, "texte")
    gzip_file(rome_file(mini_copy, "texte"))
    assert _read(mini_copy, "texte") == plain


def test_line_cut_in_the_middle_names_file_line_and_reason(mini_copy):
    path = rome_file(mini_copy, "rubrique_mobilite")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:5]) + lines[5][:8], encoding="utf-8")
    with pytest.raises(SourceError) as error:
        _read(mini_copy, "rubrique_mobilite")
    assert (error.value.file, error.value.line) == ("rome/unix_rubrique_mobilite_v460_utf8.csv", 6)
    assert "Champs attendus" in str(error.value)


def test_quoted_field_cut_at_the_end_is_invalid_csv(mini_copy):
    path = rome_file(mini_copy, "texte")
    content = path.read_text(encoding="utf-8")
    path.write_text(content[: content.rindex('"') - 3], encoding="utf-8")
    with pytest.raises(SourceError, match="CSV invalide"):
        _read(mini_copy, "texte")


def test_truncated_gzip_is_reported(mini_copy):
    path = gzip_file(rome_file(mini_copy, "texte"))
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(SourceError, match="tronqué") as error:
        _read(mini_copy, "texte")
    assert error.value.file == "rome/unix_texte_v460_utf8.csv.gz"


def test_corrupt_gzip_is_reported(mini_copy):
    path = gzip_file(rome_file(mini_copy, "texte"))
    data = bytearray(path.read_bytes())
    data[30:60] = b"\x00" * 30
    path.write_bytes(bytes(data))
    with pytest.raises(SourceError, match="compressé"):
        _read(mini_copy, "texte")


def test_text_that_is_not_utf8_gives_its_line(mini_copy):
    path = rome_file(mini_copy, "referentiel_code_rome")
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3].replace(b"e", b"\xe9", 1)
    path.write_bytes(b"\n".join(raw))
    with pytest.raises(SourceError, match="UTF-8") as error:
        _read(mini_copy, "referentiel_code_rome")
    assert error.value.line == 4


def test_missing_column_is_reported_on_the_header_line(mini_copy):
    replace_in(rome_file(mini_copy, "rubrique_mobilite"), '"numero_ordre"', '"ordre"')
    with pytest.raises(SourceError, match="numero_ordre") as error:
        _read(mini_copy, "rubrique_mobilite")
    assert error.value.line == 1


def test_bad_code_is_reported_with_its_column(mini_copy):
    replace_in(rome_file(mini_copy, "rubrique_mobilite"), '"J1506"', '"J15O6"')
    with pytest.raises(SourceError, match="code_rome") as error:
        _read(mini_copy, "rubrique_mobilite")
    assert "J15O6" in str(error.value)


def test_esco_metadata_block_is_skipped_and_lines_still_count(mini_dir):
    rows = _read(mini_dir, "esco_rome")
    header_line = next(
        number
        for number, line in enumerate((mini_dir / "esco").glob("esco_rome_*").__next__().open(encoding="utf-8"), 1)
        if line.startswith("classification 1 ID")
    )
    assert rows[0].line == header_line + 1
    assert rows[0]["mapping relation"].startswith("skos:")


def test_extra_columns_of_the_full_official_files_are_ignored(mini_copy):
    path = rome_file(mini_copy, "rubrique_mobilite")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f'{line},"extra"' for line in lines) + "\n", encoding="utf-8")
    assert _read(mini_copy, "rubrique_mobilite")[0].values.keys() == {"code_rome", "code_rome_cible", "numero_ordre"}


def test_error_message_can_be_translated():
    english = {
        "valeur vide": "empty value",
        "%(file)s, ligne %(line)d : %(reason)s": "%(file)s, line %(line)d: %(reason)s",
    }
    error = SourceError("a.csv", 3, sources.gettext_noop("valeur vide"))
    assert error.describe(lambda message: english.get(message, message)) == "a.csv, line 3: empty value"


def test_checksum_depends_on_content_not_location(mini_dir, mini_copy):
    assert sources.locate(mini_dir).checksum() == sources.locate(mini_copy).checksum()
    replace_in(rome_file(mini_copy, "texte"), "Réalise", "Fait")
    assert sources.locate(mini_dir).checksum() != sources.locate(mini_copy).checksum()


def test_gzip_reader_handles_bom(tmp_path):
    path = tmp_path / "Interests.txt.gz"
    path.write_bytes(
        gzip.compress(
            "\ufeffO*NET-SOC Code\tElement Name\tScale ID\tData Value\n11-1011.00\tRealistic\tOI\t1.5\n".encode()
        )
    )
    rows = sources.read(sources.SPECS["onet_interests"], "Interests.txt.gz", path)
    assert rows[0]["Data Value"] == 1.5
