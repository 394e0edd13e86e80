"""Replay: a loopback HTTP server that answers with real recorded responses from shared/fixtures."""

from statecare.crawler.replay.server import FAULT_KINDS, Fault, Recordings, ReplayServer, original_url

__all__ = ["FAULT_KINDS", "Fault", "Recordings", "ReplayServer", "original_url"]
