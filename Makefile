# The two commands a new user needs: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8080

.PHONY: install serve test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

serve: install  ## serve all APIs with the default fixtures on 127.0.0.1:8080
	$(BIN)/saas-emulator serve --host $(HOST) --port $(PORT)

test: install  ## run every test, on every core (pytest-xdist; files that share a fixture stay together)
	$(BIN)/python -m pytest -n auto --dist loadgroup

lint: install
	$(BIN)/ruff check emulator contract_tests tests bench

bench: install  ## the emulator beside bare Flask, json-server and Prism, then the server choice and ZeyOS at 100,000 rows (~7 min)
	$(BIN)/python bench/peers.py
	$(BIN)/python bench/servers.py --seconds 3
	$(BIN)/python bench/zeyos.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
