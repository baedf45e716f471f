"""Change control: change requests, their states, the policy, sign-off records and verification.

Pure: events in, states and problems out. Time, identity and keys are passed in; the store
keeps the logs (:mod:`docversion.store.logs`).
"""
