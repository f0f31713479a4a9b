"""OpenSSL.rand."""

import inspect
import os
import pathlib
import stat

import pytest

from OpenSSL import rand


MANUAL_NAMES = ["add", "egd", "load_file", "seed", "status", "write_file"]


@pytest.mark.parametrize("name", MANUAL_NAMES + ["bytes", "Error"])
def test_names_and_docstrings(name):
    obj = getattr(rand, name)
    assert inspect.getdoc(obj)
    assert name in rand.__all__


def test_screen_is_absent_on_linux():
    # Windows only in the manual; absent like os functions on other platforms.
    assert not hasattr(rand, "screen")


def test_signatures_match_the_manual():
    assert list(inspect.signature(rand.add).parameters) == ["string", "entropy"]
    assert list(inspect.signature(rand.seed).parameters) == ["string"]
    assert inspect.signature(rand.load_file).parameters["bytes"].default == -1
    assert inspect.signature(rand.egd).parameters["bytes"].default == 255


def test_status():
    assert rand.status() is True


def test_add_and_seed():
    assert rand.add(b"some entropy", 3) is None
    assert rand.add(b"more", 4.0) is None
    assert rand.add(b"", 0) is None
    assert rand.add(bytearray(b"buffer"), 1) is None
    assert rand.add("text is UTF-8", 2) is None
    assert rand.seed(b"seed data") is None
    assert rand.seed("seed text") is None
    assert rand.seed(b"") is None
    assert rand.status()


@pytest.mark.parametrize("bad", [None, 5, ["x"]])
def test_add_seed_wrong_types(bad):
    with pytest.raises(TypeError):
        rand.add(bad, 1)
    with pytest.raises(TypeError):
        rand.seed(bad)
    with pytest.raises(TypeError):
        rand.add(b"x", "1")


def test_write_and_load_file(tmp_path):
    path = tmp_path / "rand.bin"
    assert rand.write_file(str(path)) is None
    assert path.stat().st_size == 1024
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    assert rand.load_file(str(path)) == 1024
    assert rand.load_file(str(path), -1) == 1024
    assert rand.load_file(str(path), -5) == 1024
    assert rand.load_file(str(path), 100) == 100
    assert rand.load_file(str(path), bytes=10) == 10
    assert rand.load_file(str(path), 0) == 0
    assert rand.load_file(str(path), 5000) == 1024
    assert rand.load_file(str(path), 2**70) == 1024


def test_file_names_may_be_bytes_or_pathlike(tmp_path):
    path = tmp_path / "rand.bin"
    rand.write_file(path)
    assert rand.load_file(path) == 1024
    rand.write_file(os.fsencode(str(path)))
    assert rand.load_file(os.fsencode(str(path)), 16) == 16
    assert rand.load_file(pathlib.PurePath(str(path)), 16) == 16


def test_load_file_short_file(tmp_path):
    path = tmp_path / "short"
    path.write_bytes(b"0123456789")
    assert rand.load_file(str(path)) == 10
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert rand.load_file(str(empty)) == 0


def test_load_missing_file_is_oserror(tmp_path):
    missing = str(tmp_path / "missing")
    with pytest.raises(FileNotFoundError) as info:
        rand.load_file(missing)
    assert info.value.filename == missing
    with pytest.raises(IsADirectoryError):
        rand.load_file(str(tmp_path))


def test_write_file_failure_is_oserror(tmp_path):
    with pytest.raises(OSError):
        rand.write_file(str(tmp_path / "no" / "such" / "dir"))


@pytest.mark.parametrize("bad", [None, 5, 1.5, object()])
def test_path_wrong_types(bad):
    with pytest.raises(TypeError):
        rand.load_file(bad)
    with pytest.raises(TypeError):
        rand.write_file(bad)


def test_load_file_bytes_wrong_type(tmp_path):
    with pytest.raises(TypeError):
        rand.load_file(str(tmp_path / "x"), "10")


def test_path_with_nul_is_value_error():
    with pytest.raises(ValueError):
        rand.load_file("a\0b")


def test_egd_is_not_supported(tmp_path):
    with pytest.raises(NotImplementedError, match="EGD"):
        rand.egd(str(tmp_path / "entropy"))
    with pytest.raises(NotImplementedError):
        rand.egd("/var/run/egd-pool", 100)
    with pytest.raises(TypeError):
        rand.egd(None)


def test_bytes():
    data = rand.bytes(32)
    assert type(data) is bytes and len(data) == 32
    assert rand.bytes(32) != data
    assert rand.bytes(0) == b""
    with pytest.raises(ValueError):
        rand.bytes(-1)
    with pytest.raises(TypeError):
        rand.bytes("3")
