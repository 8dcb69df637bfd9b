"""Sync between communes and the consolidating office: signed, encrypted snapshot files.

format.py   the file container (manifest, signature, payload), writing and verifying
keys.py     key pairs, fingerprints, enrolment proofs
export.py   a commune's snapshot → one file
merge.py    the office's verify → stage → apply, idempotent and order-independent
package.py  setup packages (office → commune)
"""
