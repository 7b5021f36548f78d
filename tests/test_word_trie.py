"""The Thai word dictionary is built once into a file and memory-mapped; it answers exactly like the list it came from."""

import os

from pythainlp.corpus import thai_words
from pythainlp.util import Trie

from dashboard.feedback_text.segment import WordTrie

WORDS = {"การ", "การอบรม", "อบรม", "ความรู้", "กฎหมาย", "กฎหมายแรงงาน", "แรงงาน"}


def test_a_mapped_trie_is_built_once_and_answers_like_the_words(tmp_path):
    path = tmp_path / "cache" / "words.marisa"
    built = WordTrie.mapped(path, lambda: WORDS)
    assert path.is_file()
    stamp = path.stat().st_mtime_ns
    reused = WordTrie.mapped(path, lambda: (_ for _ in ()).throw(AssertionError("the words were read again")))
    assert path.stat().st_mtime_ns == stamp
    for trie in (built, reused):
        assert set(trie) == WORDS and len(trie) == 7
        assert trie.prefixes("กฎหมายแรงงานไทย") == ["กฎหมาย", "กฎหมายแรงงาน"]
        assert trie.prefixes("xการอบรม", 1) == ["การ", "การอบรม"]
        assert "อบรม" in trie and "อบ" not in trie
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_unwritable_folder_gives_a_trie_in_memory(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        path = folder / "sub" / "words.marisa"   # root ignores the mode bits, not a missing parent it cannot make
        (folder / "sub").write_text("a file where the folder should be")
        trie = WordTrie.mapped(path, lambda: WORDS)
        assert trie.prefixes("การอบรม") == ["การ", "การอบรม"] and not path.exists()
    finally:
        os.chmod(folder, 0o700)


def test_the_dictionary_has_pythainlps_prefixes_on_real_text():
    words = set(thai_words())
    ours, theirs = WordTrie(words), Trie(words)
    text = "อาสาสมัครแรงงานประจำตำบลเข้าร่วมการสัมมนาแลกเปลี่ยนเรียนรู้เรื่องกฎหมายคุ้มครองแรงงาน"
    for start in range(len(text)):
        assert ours.prefixes(text, start) == theirs.prefixes(text, start)
