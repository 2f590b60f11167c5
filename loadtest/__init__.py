"""The load test (`make loadtest`): see loadtest/__main__.py and docs/LOADTEST.md."""
