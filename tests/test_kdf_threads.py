"""Two Argon2id derivations started at once from two threads both finish (with cryptography
50.0.2 they hung forever when they ran in parallel; core/kdf.py makes them take turns)."""

from __future__ import annotations

import threading

from mentor_tui.core.kdf import KdfParams, derive

# A hang shows as a thread still alive long after the work (~0.2 s a derivation) should be done.
HANG = 60.0


def test_two_threads_deriving_at_once_both_finish_with_the_right_keys():
    params = KdfParams()  # the production parameters: the hang needed the real memory cost
    salts = [b"a" * 16, b"b" * 16]
    got: dict[int, bytes] = {}
    start = threading.Barrier(2)

    def run(i: int) -> None:
        start.wait()
        got[i] = derive("correct horse battery", salts[i], params)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(HANG)
    assert not any(th.is_alive() for th in threads), "a derivation never returned"
    assert got == {i: derive("correct horse battery", salts[i], params) for i in range(2)}
    assert got[0] != got[1]
