"""Sync between communes and the consolidating office: signed, encrypted snapshot files.

format.py   the file container (manifest, signature, payload), writing and verifying
keys.py     key pairs, fingerprints, enrolment proofs
export.py   a commune's snapshot → one file
merge.py    the office's batch: verify → authorise → stage → apply, idempotent and order-independent
trust.py    authorising a file's signer (meant for this office, the commune in its area, encrypted once
            enrolled, its bound key)
received.py the file against the commune's files the office holds (forks, links), and the gaps
staging.py  decoding and checking a file into a temporary staging file (in a helper)
plan.py     comparing the staged file with the office: what is new, updated or in conflict
apply.py    writing a planned file into the office in one transaction
runtime.py  the helper process or thread, background checkpoints, memory between files
package.py  setup packages (office → commune)
"""
